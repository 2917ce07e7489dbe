import { readFile } from 'node:fs/promises'
import SwaggerParser from '@apidevtools/swagger-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiPath } from '../../src/http/openapi/openapi-document.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

/** Every `### METHOD \`/path\`` heading of the seed's API document, as OpenAPI paths. */
async function seedOperations(): Promise<Array<{ method: string; path: string }>> {
  const text = await readFile(new URL('../../docs/seed-api.md', import.meta.url), 'utf8')
  return [...text.matchAll(/^###\s+(GET|POST|PUT|PATCH|DELETE)\s+`([^`]+)`/gm)].map((m) => ({
    method: m[1]!.toLowerCase(),
    path: m[2]!.replace(/\[([A-Za-z0-9_]+)\]/g, '{$1}'),
  }))
}
/** Parameter names may differ between the seed and the routes: compare the shapes. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}')

describe('GET /openapi.json', () => {
  let gw: TestGateway
  let doc: any
  beforeAll(async () => {
    gw = await startTestGateway()
    const response = await gw.request('GET', '/openapi.json')
    expect(response.status).toBe(200)
    doc = response.body
  })
  afterAll(() => gw?.close())

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0')
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined()
  })

  it('has every route the gateway mounted, with its method', () => {
    const routes = gw.gateway.routes
    expect(routes.length).toBeGreaterThan(40)
    const missing = routes.filter((r) => !doc.paths[openApiPath(r.path)]?.[r.method]).map((r) => `${r.method} ${r.path}`)
    expect(missing).toEqual([])
    const documented = Object.values(doc.paths).reduce((n: number, ops: any) => n + Object.keys(ops).length, 0)
    expect(documented).toBe(routes.length)
  })

  it("has every path of the seed's API (docs/seed-api.md)", async () => {
    const seed = await seedOperations()
    expect(seed.length).toBeGreaterThan(25)
    const byShape = new Map<string, Set<string>>()
    for (const [path, ops] of Object.entries(doc.paths as Record<string, object>)) {
      const methods = byShape.get(shape(path)) ?? new Set()
      for (const method of Object.keys(ops)) methods.add(method)
      byShape.set(shape(path), methods)
    }
    const missing = seed.filter((op) => !byShape.get(shape(op.path))?.has(op.method)).map((op) => `${op.method} ${op.path}`)
    expect(missing).toEqual([])
  })

  it('describes auth, parameters, bodies, responses and the error shape from the routes\' schemas', () => {
    expect(doc.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }))
    expect(doc.components.securitySchemes.sessionCookie).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'authjs.session-token' }))
    expect(doc.components.schemas.Error).toEqual(expect.objectContaining({ required: ['error'] }))

    const create = doc.paths['/api/sessions'].post
    expect(create.security).toEqual([{ apiKey: [] }, { sessionCookie: [] }])
    const body = create.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['name'])
    expect(body.properties.name).toEqual(expect.objectContaining({ type: 'string', minLength: 1, maxLength: 100 }))
    expect(create.responses['400']).toEqual({ $ref: '#/components/responses/Error400' })
    expect(create.responses['401']).toEqual({ $ref: '#/components/responses/Error401' })
    const session = create.responses['200'].content['application/json'].schema
    expect(Object.keys(session.properties)).toEqual(expect.arrayContaining(['id', 'sessionId', 'name', 'status', 'qr', 'config']))
    expect(session.properties.status.enum).toEqual(['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'ZOMBIE'])

    const list = doc.paths['/api/sessions'].get.responses['200'].content['application/json'].schema
    expect(list.type).toBe('array')

    const one = doc.paths['/api/sessions/{id}'].get
    expect(one.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })])

    const chat = doc.paths['/api/chat/{sessionId}/{jid}'].get
    expect(chat.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:sessionId', 'path:jid', 'query:limit', 'query:before']))

    expect(doc.paths['/api/chat/send'].post.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })])

    const sticker = doc.paths['/api/messages/sticker'].post.requestBody.content['multipart/form-data'].schema
    expect(sticker.required).toEqual(expect.arrayContaining(['sessionId', 'jid', 'file']))

    const login = doc.paths['/api/auth/login'].post
    expect(login.security).toEqual([])
    expect(doc.paths['/healthz'].get.security).toEqual([])
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined()
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect([path, method, typeof op.summary, op.tags?.length > 0]).toEqual([path, method, 'string', true])
        expect(op.responses['5XX'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' })
      }
    }
  })

  it('serves /docs and its assets from swagger-ui-dist, the assets cached for good', async () => {
    const page = await fetch(`${gw.url}/docs`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const html = await page.text()
    const assets = [...html.matchAll(/(?:href|src)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBeGreaterThanOrEqual(3)
    for (const asset of assets) {
      const response = await fetch(`${gw.url}${asset}`)
      expect([asset, response.status]).toEqual([asset, 200])
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100)
    }
    const missing = await gw.request('GET', '/docs/assets/package.json')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatch(/package\.json/)
    expect((await gw.request('GET', '/docs/assets/constructor')).status).toBe(404)
  })
})
