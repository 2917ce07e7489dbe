/**
 * npm run fuzz [-- --runs N] [-- --seed S]: the long HTTP fuzz. The same suite as in `npm test`
 * (tests/fuzz/http-*.test.ts), with N hostile requests per route (default 200: about 12,000 in all)
 * instead of a few. Prints progress, and each distinct finding with the request that caused it.
 * FUZZ_SEED (or --seed) replays a run; DATABASE_URL runs it against Postgres instead of PGlite.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: process.env.FUZZ_RUNS ?? '200' }, seed: { type: 'string' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number above 0, not ${values.runs}`)
  process.exit(2)
}
const seed = values.seed ?? process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31)
console.log(`HTTP fuzz: ${runs} requests per route, seed ${seed} (replay with --seed ${seed})`)
const vitest = path.join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs')
const child = spawn(process.execPath, [vitest, 'run', '--silent=false', 'tests/fuzz/http-routes.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: seed },
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
