import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../..', import.meta.url))
/** main before issue 10's work: the figures issue 10 sets are compared with this commit. */
export const DEFAULT_BEFORE_REF = 'e7f4f55'

export type BeforeCheckout = { readonly dir: string; readonly ref: string } | { readonly skipped: string }

/**
 * The gateway as it was before, to measure in the same run: BENCH_BEFORE_DIR (a checkout with its
 * node_modules), or else a worktree of BENCH_BEFORE_REF made (once) in the temp directory with its own
 * `npm ci`. When neither works, the comparison is skipped and the reason says why.
 */
export async function beforeCheckout(): Promise<BeforeCheckout> {
  const given = process.env.BENCH_BEFORE_DIR
  if (given) {
    const dir = path.resolve(given)
    if (!existsSync(path.join(dir, 'src/main.ts')) || !existsSync(path.join(dir, 'node_modules'))) {
      throw new Error(`BENCH_BEFORE_DIR=${given} is not a gateway checkout with its node_modules (src/main.ts, node_modules)`)
    }
    return { dir, ref: await checkoutRef(dir) }
  }
  const ref = process.env.BENCH_BEFORE_REF ?? DEFAULT_BEFORE_REF
  const dir = path.join(tmpdir(), `wag-bench-before-${ref}`)
  try {
    if (!existsSync(path.join(dir, 'src/main.ts'))) {
      console.error(`  making a worktree of ${ref} in ${dir} …`)
      await run('git', ['worktree', 'add', '--detach', dir, ref], { cwd: REPO })
    }
    if (!existsSync(path.join(dir, 'node_modules'))) {
      console.error(`  npm ci in ${dir} (once) …`)
      await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
    }
    return { dir, ref: await checkoutRef(dir) }
  } catch (error) {
    return { skipped: `no checkout of ${ref} (${(error as Error).message.split('\n')[0]}); set BENCH_BEFORE_DIR to one with its node_modules` }
  }
}

/** The commit a checkout is at, `-dirty` when its tracked files differ from it. */
export async function checkoutRef(dir: string): Promise<string> {
  return (await run('git', ['describe', '--always', '--dirty'], { cwd: dir })).stdout.trim()
}
