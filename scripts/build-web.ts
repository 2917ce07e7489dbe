/**
 * Builds the dashboard (web/) into web/dist with Vite, when web/dist is missing or older than its
 * sources, and prints the first-load JavaScript gzipped (what a browser fetches before the first
 * page shows): over the budget the build fails. `npm install` runs it (the `prepare` script).
 * `--force` rebuilds regardless. Without Vite (a production install without dev dependencies) it
 * skips with a note: the gateway then answers `/` with how to build it.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url))
export const DIST_DIR = path.join(WEB_DIR, 'dist')
/** First-load JavaScript, gzipped. */
export const BUDGET_BYTES = 300 * 1024

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of await readdir(target)) newest = Math.max(newest, await newestMtime(path.join(target, entry)))
  return newest
}

export async function isStale(): Promise<boolean> {
  const built = await stat(path.join(DIST_DIR, 'index.html')).catch(() => null)
  if (!built) return true
  const sources = ['src', 'index.html', 'vite.config.ts', 'public'].map((p) => path.join(WEB_DIR, p))
  const newest = Math.max(...(await Promise.all(sources.map(newestMtime))))
  return newest > built.mtimeMs
}

/** The scripts and module preloads index.html loads, gzipped: the first-load JavaScript. */
export async function firstLoadBytes(): Promise<{ total: number; files: Array<{ file: string; gzipped: number }> }> {
  const html = await readFile(path.join(DIST_DIR, 'index.html'), 'utf8')
  const sources = new Set<string>()
  for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)) sources.add(match[1]!)
  const files = []
  for (const source of sources) {
    const bytes = await readFile(path.join(DIST_DIR, source.replace(/^\//, '')))
    files.push({ file: source, gzipped: gzipSync(bytes, { level: 9 }).length })
  }
  return { total: files.reduce((sum, f) => sum + f.gzipped, 0), files }
}

/** Writes a .gz beside each script and stylesheet; the gateway serves it to browsers that accept gzip. */
async function precompress(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await precompress(full)
    else if (/\.(js|css|svg|html)$/.test(entry.name)) await writeFile(`${full}.gz`, gzipSync(await readFile(full), { level: 9 }))
  }
}

export async function buildWeb(options: { force?: boolean; quiet?: boolean } = {}): Promise<'built' | 'fresh' | 'skipped'> {
  const log = options.quiet ? () => {} : (line: string) => console.log(line)
  if (!options.force && !(await isStale())) {
    log('dashboard: web/dist is up to date')
    return 'fresh'
  }
  let vite: typeof import('vite')
  try {
    vite = await import('vite')
  } catch {
    log('dashboard: Vite is not installed (a production install without dev dependencies?): skipped building web/dist.\n' +
      '  The gateway answers / with how to build it: run `npm install` (with dev dependencies) and `npm run build:web`.')
    return 'skipped'
  }
  const started = performance.now()
  await vite.build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: options.quiet ? 'error' : 'warn' })
  await precompress(DIST_DIR)
  const { total, files } = await firstLoadBytes()
  log(`dashboard: built web/dist in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  for (const f of files) log(`  ${f.file}  ${(f.gzipped / 1024).toFixed(1)} KB gzipped`)
  log(`  first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`)
  if (total > BUDGET_BYTES) throw new Error(`dashboard: the first load is ${(total / 1024).toFixed(1)} KB gzipped, over the ${BUDGET_BYTES / 1024} KB budget`)
  return 'built'
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildWeb({ force: process.argv.includes('--force') })
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
