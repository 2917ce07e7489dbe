import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context, Next } from 'koa'

/** Where `npm run build:web` writes the dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url))

/** Paths that belong to the API and its neighbours: never answered with the dashboard. */
const NOT_DASHBOARD = /^\/(api|socket\.io|healthz|readyz|metrics|docs|openapi\.json)(\/|$)/

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

/** Vite names what it emits under assets/ by content hash: such a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' blob: http: https:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>wa-gateway: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The dashboard is not built yet</h1>
<p>The gateway and its API are running, but <code>web/dist</code> is missing. Build the dashboard with</p>
<pre style="background:#f3f3f3;padding:1rem">npm run build:web</pre>
<p>(<code>npm install</code> runs it too, unless dev dependencies were left out), then reload this page.
The REST API answers under <a href="/api/auth/me"><code>/api</code></a>; see the README.</p>
</body></html>
`

/**
 * Serves the built dashboard (`web/dist`) for GET requests no route answered: files as they are
 * (hashed assets cached for a year, immutable), and index.html for every other path (the app routes
 * in the browser), never cached so a new build is picked up at once. API paths keep their JSON 404.
 */
export function dashboardStatic(distDir: string) {
  const root = path.resolve(distDir)
  return async (ctx: Context, next: Next): Promise<void> => {
    await next()
    if (ctx.body !== undefined || ctx.status !== 404) return
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return
    if (NOT_DASHBOARD.test(ctx.path)) return

    const indexPath = path.join(root, 'index.html')
    const file = await fileFor(root, ctx.path)
    if (file && file.path !== indexPath) return send(ctx, file, ctx.path.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=300')
    if (!file && path.extname(ctx.path) && ctx.path.startsWith('/assets/')) return // a missing asset stays a 404
    const index = file ?? (await fileFor(root, '/index.html'))
    ctx.set('Cache-Control', 'no-cache')
    ctx.set('X-Content-Type-Options', 'nosniff')
    if (!index) {
      ctx.status = 200
      ctx.type = 'text/html; charset=utf-8'
      ctx.body = NOT_BUILT_PAGE
      return
    }
    sendIndex(ctx, index)
  }
}

/** index.html, however it is asked for (`/`, an app path, `/index.html`): never cached, and the page's security headers. */
function sendIndex(ctx: Context, index: StaticFile): void {
  ctx.set('Content-Security-Policy', CSP)
  ctx.set('X-Frame-Options', 'DENY')
  ctx.set('Referrer-Policy', 'same-origin')
  send(ctx, index, 'no-cache')
}

interface StaticFile {
  readonly path: string
  readonly size: number
  readonly mtime: Date
  readonly gzipped?: { readonly path: string; readonly size: number }
}

async function fileFor(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const full = path.join(root, path.normalize(decoded))
  if (full !== root && !full.startsWith(root + path.sep)) return null
  try {
    const info = await stat(full)
    if (!info.isFile()) return null
    const gz = await stat(`${full}.gz`).catch(() => null)
    const gzipped = gz?.isFile() && gz.mtimeMs >= info.mtimeMs ? { path: `${full}.gz`, size: gz.size } : undefined
    return { path: full, size: info.size, mtime: info.mtime, gzipped }
  } catch {
    return null
  }
}

function send(ctx: Context, file: StaticFile, cacheControl: string): void {
  ctx.status = 200
  ctx.type = CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream'
  ctx.set('Cache-Control', cacheControl)
  ctx.set('X-Content-Type-Options', 'nosniff')
  ctx.set('Vary', 'Accept-Encoding')
  ctx.lastModified = file.mtime
  if (ctx.fresh) {
    ctx.status = 304
    return
  }
  // The build writes a .gz beside each script and stylesheet.
  const gzipped = file.gzipped && ctx.acceptsEncodings('gzip', 'identity') === 'gzip'
  if (gzipped) ctx.set('Content-Encoding', 'gzip')
  ctx.length = gzipped ? file.gzipped!.size : file.size
  if (ctx.method !== 'HEAD') ctx.body = createReadStream(gzipped ? file.gzipped!.path : file.path)
}
