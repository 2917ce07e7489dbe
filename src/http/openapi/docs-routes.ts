import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { z } from 'zod'
import { HttpError } from '../http-error.ts'
import { route, type Route } from '../route.ts'
import { openApiDocument, type OpenApiDocument } from './openapi-document.ts'

const require = createRequire(import.meta.url)
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'))
const SWAGGER_UI_VERSION = (require('swagger-ui-dist/package.json') as { version: string }).version
const GATEWAY_VERSION = (require('../../../package.json') as { version: string }).version

/** The files of swagger-ui-dist the page loads, and their types. Nothing else is served from it. */
const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
}
/** Our own start script, a file rather than inline so the page runs under a strict CSP. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    withCredentials: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  })
})
`
/** The asset URLs carry swagger-ui's version: a file under one never changes, so it is cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const asset = (file: string) => `/docs/assets/${file}?v=${SWAGGER_UI_VERSION}`
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wa-gateway API</title>
<link rel="stylesheet" href="${asset('swagger-ui.css')}">
<link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${asset('swagger-ui-bundle.js')}"></script>
<script src="${asset('docs-init.js')}"></script>
</body>
</html>
`
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')

interface Asset {
  readonly type: string
  readonly bytes: Buffer
  readonly gzipped: Buffer
}

/**
 * GET /openapi.json (OpenAPI 3.1, generated from the routes' own zod schemas) and GET /docs, an
 * interactive page from the installed swagger-ui-dist package (no CDN).
 */
export function docsRoutes(routes: () => readonly Route<any, any, any>[]): Route<any, any, any>[] {
  let document: OpenApiDocument | undefined
  const assets = new Map<string, Asset>()
  const assetOf = (file: string): Asset | undefined => {
    let found = assets.get(file)
    if (!found) {
      const bytes = file === 'docs-init.js' ? Buffer.from(INIT_SCRIPT) : Object.hasOwn(SWAGGER_UI_FILES, file) ? readFileSync(path.join(SWAGGER_UI_DIR, file)) : undefined
      if (!bytes) return undefined
      found = { type: SWAGGER_UI_FILES[file] ?? 'text/javascript; charset=utf-8', bytes, gzipped: gzipSync(bytes) }
      assets.set(file, found)
    }
    return found
  }
  return [
    route({
      method: 'get',
      path: '/openapi.json',
      access: 'public',
      summary: 'This API document (OpenAPI 3.1)',
      tags: ['Operations'],
      handle: ({ ctx }) => {
        document ??= openApiDocument(routes(), {
          title: 'wa-gateway',
          version: GATEWAY_VERSION,
          description: 'A self-hosted, multi-session WhatsApp gateway. Errors are `{ "error": "…" }`. See docs/seed-api.md for the contract and the README for the additions.',
        })
        ctx.set('Cache-Control', 'no-cache')
        return document
      },
    }),
    route({
      method: 'get',
      path: '/docs',
      access: 'public',
      summary: 'The interactive API documentation (Swagger UI)',
      tags: ['Operations'],
      produces: 'text/html',
      handle: ({ ctx }) => {
        ctx.type = 'text/html; charset=utf-8'
        ctx.set('Cache-Control', 'no-cache')
        ctx.set('Content-Security-Policy', CSP)
        ctx.set('X-Content-Type-Options', 'nosniff')
        ctx.set('Referrer-Policy', 'same-origin')
        ctx.body = PAGE
      },
    }),
    route({
      method: 'get',
      path: '/docs/assets/:file',
      access: 'public',
      params: z.object({ file: z.string().max(100) }),
      summary: 'A file of the documentation page',
      tags: ['Operations'],
      produces: 'application/octet-stream',
      handle: ({ ctx, params }) => {
        const found = assetOf(params.file)
        if (!found) throw new HttpError(404, `no documentation asset named ${params.file}`)
        ctx.type = found.type
        ctx.set('Cache-Control', IMMUTABLE)
        ctx.set('X-Content-Type-Options', 'nosniff')
        ctx.set('Vary', 'Accept-Encoding')
        if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
          ctx.set('Content-Encoding', 'gzip')
          ctx.body = found.gzipped
        } else {
          ctx.body = found.bytes
        }
      },
    }),
  ]
}
