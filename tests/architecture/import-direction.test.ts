import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs')
const run = promisify(execFile)

/** Runs dependency-cruiser in `cwd` with `args`: its exit code (the number of errors) and output. */
async function cruise(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [depcruise, ...args], { cwd })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: unknown; stdout: string; stderr: string }
    if (typeof failed.code !== 'number') throw error
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** `npm run lint:imports`, word for word, without npm's start-up. */
async function lintImportsArgs(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...args] = scripts['lint:imports']!.split(' ')
  expect(command).toBe('depcruise')
  return args
}

describe('import direction (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  const temp: string[] = []
  afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))))

  it('passes on this tree: no upward import beyond the known violations', async () => {
    const result = await cruise(root, await lintImportsArgs())
    expect(result.stdout).toContain('no dependency violations found')
    expect(result.code).toBe(0)
  })

  it('refuses a planted upward import of every kind, and lets the allowed ones and the known violations through', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wag-imports-'))
    temp.push(dir)
    const files: Record<string, string> = {
      'src/main.ts': "import { sandbox } from './sandbox/api.ts'\nimport { gateway } from './gateway.ts'\nexport const main = [sandbox, gateway]\n",
      'src/gateway.ts': "import { route } from './http/route.ts'\nexport const gateway = route\n",
      'src/sandbox/api.ts': 'export const sandbox = 1\n',
      'src/app/command.ts': 'export const command = 1\n',
      'src/actors/registry.ts': "import { pure } from '../domain/pure.ts'\nexport const registry = pure\n",
      'src/domain/pure.ts': 'export const pure = 1\n',
      'src/domain/ports/sessions.ts': 'export type Sessions = { hosted(id: string): unknown }\n',
      // Allowed: a reactor on the port, a consumer engine on the domain.
      'src/reactors/runner.ts': "import type { Sessions } from '../domain/ports/sessions.ts'\nexport const runner = (s: Sessions) => s\n",
      'src/consumers/engine.ts': "import { pure } from '../domain/pure.ts'\nexport const engine = pure\n",
      'src/projections/read-model.ts': "import { pure } from '../domain/pure.ts'\nexport const readModel = pure\n",
      // Known (in the baseline given to the check): still allowed, until it is fixed.
      'src/reactors/old-runner.ts': "import { command } from '../app/command.ts'\nexport const oldRunner = command\n",
      // Planted upward imports, one per rule:
      'src/projections/new-reactor.ts': "import { command } from '../app/command.ts'\nexport const reactor = command\n",
      'src/projections/acting-read-model.ts': "import { runner } from '../reactors/runner.ts'\nexport const acting = runner\n",
      'src/consumers/knowing-engine.ts': "import { readModel } from '../projections/read-model.ts'\nexport const knowing = readModel\n",
      'src/reactors/sender.ts': "import { registry } from '../actors/registry.ts'\nexport const sender = registry\n",
      'src/domain/leaky.ts': "import type { Registry } from '../actors/registry-type.ts'\nexport type Leaky = Registry\n",
      'src/actors/registry-type.ts': 'export type Registry = number\n',
      'src/domain/cycle-a.ts': "import { b } from './cycle-b.ts'\nexport const a = () => b\n",
      'src/domain/cycle-b.ts': "import { a } from './cycle-a.ts'\nexport const b = () => a\n",
      'src/http/route.ts': "import { room } from '../realtime/room.ts'\nexport const route = room\n",
      'src/realtime/room.ts': "import { gateway } from '../gateway.ts'\nexport const room = () => gateway\n",
      'src/infra/adapter.ts': "import { registry } from '../actors/registry.ts'\nexport const adapter = registry\n",
      'src/http/sandbox-route.ts': "import { sandbox } from '../sandbox/api.ts'\nexport const sandboxRoute = sandbox\n",
    }
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true })
      await writeFile(join(dir, path), text)
    }
    // A baseline in the format `npm run lint:imports:baseline` writes, naming the planted known one
    // (the repository's own baseline shrinks as issue 10 lands, so the test brings its own).
    const known = join(dir, 'known-violations.json')
    const knownViolation = {
      type: 'dependency',
      from: 'src/reactors/old-runner.ts',
      to: 'src/app/command.ts',
      unresolvedTo: '../app/command.ts',
      dependencyTypes: ['local', 'import'],
      rule: { severity: 'error', name: 'actors-projections-not-outwards' },
    }
    await writeFile(known, JSON.stringify([knownViolation], null, 2))
    // The check itself (the same arguments, with that baseline) fails in the planted tree...
    const args = (await lintImportsArgs()).map((arg) => (arg.startsWith('.dependency-cruiser') ? join(root, arg) : arg))
    const withKnown = [...args.filter((arg) => arg !== '--ignore-known'), '--ignore-known', known]
    const check = await cruise(dir, withKnown)
    expect(check.stdout).toContain('x 10 dependency violations (10 errors')
    expect(check.stdout).toContain('1 known violations ignored')
    expect(check.code).toBe(10)
    // ...for exactly these imports (the same run as JSON, which names them without a layout to parse).
    const json = await cruise(dir, withKnown.map((arg) => (arg === 'err' ? 'json' : arg)))
    const { summary } = JSON.parse(json.stdout) as { summary: { violations: { from: string; to: string; rule: { name: string; severity: string } }[] } }
    const found = summary.violations.filter((v) => v.rule.severity === 'error').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    expect(found.sort()).toEqual(
      [
        'actors-projections-not-outwards: src/projections/new-reactor.ts → src/app/command.ts',
        'projections-only-read: src/projections/acting-read-model.ts → src/reactors/runner.ts',
        'consumers-know-no-consumer: src/consumers/knowing-engine.ts → src/projections/read-model.ts',
        'reactors-reach-sessions-through-the-port: src/reactors/sender.ts → src/actors/registry.ts',
        'domain-imports-only-domain: src/domain/leaky.ts → src/actors/registry-type.ts',
        'no-circular-in-domain: src/domain/cycle-a.ts → src/domain/cycle-b.ts', // a cycle is reported once
        'http-not-realtime: src/http/route.ts → src/realtime/room.ts',
        'realtime-not-http: src/realtime/room.ts → src/gateway.ts',
        'infra-implements-ports-only: src/infra/adapter.ts → src/actors/registry.ts',
        'sandbox-only-from-root-and-tooling: src/http/sandbox-route.ts → src/sandbox/api.ts',
      ].sort(),
    )
    // ...and without the baseline, the known one fails as well: it is skipped, not allowed.
    const withoutKnown = await cruise(dir, args.filter((arg) => arg !== '--ignore-known').map((arg) => (arg === 'err' ? 'json' : arg)))
    const unskipped = (JSON.parse(withoutKnown.stdout) as { summary: { violations: { from: string; rule: { name: string } }[] } }).summary.violations
    expect(unskipped.map((v) => `${v.rule.name}: ${v.from}`)).toContain('actors-projections-not-outwards: src/reactors/old-runner.ts')
  })
})
