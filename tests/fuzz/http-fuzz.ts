import { request as httpRequest } from 'node:http'
import fc from 'fast-check'
import { z } from 'zod'
import type { Route } from '../../src/http/route.ts'
import { HOSTILE_BODIES, HOSTILE_HEADERS, HOSTILE_STRINGS, HOSTILE_URLS, HOSTILE_VALUES } from './hostile-values.ts'

/** What the fuzzer may name as valid: ids of things that exist, keys of callers. */
export interface FuzzFixtures {
  readonly keys: { readonly superadmin: string; readonly owner: string; readonly staff: string }
  /** The owner's dashboard login: cookies, and the CSRF token that goes with them. */
  readonly cookie: { readonly header: string; readonly csrf: string }
  /** A fresh key of a throwaway user, for routes that revoke or replace the caller's own key. */
  disposableKey(): Promise<string>
  /** Values by parameter or field name (sessionId, jid, id …): the first is the preferred one. */
  readonly ids: Readonly<Record<string, readonly string[]>>
  /** Ids that destructive routes may use (a victim session, a victim user), so the fixtures survive. */
  readonly victims: Readonly<Record<string, readonly string[]>>
}

export interface FuzzRequest {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: Buffer
  readonly chunked?: boolean
  readonly key: 'superadmin' | 'owner' | 'staff' | 'cookie' | 'disposable' | 'none' | 'bad'
}

export interface FuzzFinding {
  readonly route: string
  readonly request: { method: string; path: string; headers: Record<string, string>; body?: string }
  readonly status: number | 'no answer'
  readonly problem: string
  readonly answer: string
}

export interface FuzzReport {
  requests: number
  readonly byStatus: Record<string, number>
  readonly findings: FuzzFinding[]
}

/** Words that mean an internal message got out: a stack, SQL, a library's own words. */
export const INTERNAL_MESSAGE =
  /\bat [\w.<>$]+ \(|\.(ts|js):\d+|node_modules|\bstack\b|\bSQL\b|syntax error|relation "|column "|violates|duplicate key|invalid input syntax|\bundefined\b|\[object Object\]|\bkysely\b|\bzod\b|multer|busboy|\bkoa\b|undici|pglite|\bpg\b|ipaddr|TypeError|RangeError|ReferenceError|URIError|Cannot read propert|is not a function|Unexpected token|ECONN|EPIPE/i

/** 503s the contract names: the session is not connected (the fuzz may stop or log it out), or its owner is away. */
const CONTRACT_503 = /not CONNECTED|none of your sessions is CONNECTED|has no running owner|shutting down/

const PARAM = /:(\w+)/g

const jsonSchemaOf = (schema: z.ZodType | undefined) => (schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined)

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  default?: unknown
}

/** A plausible value for a schema node: the fuzzer starts from valid-looking input and then breaks it. */
function valueOf(node: JsonSchema | undefined, name: string, fixtures: FuzzFixtures, depth = 0): fc.Arbitrary<unknown> {
  if (!node || depth > 6) return fc.jsonValue({ maxDepth: 2 })
  const known = fixtures.ids[name]
  if (known && known.length > 0 && (node.type === 'string' || node.type === undefined)) return fc.constantFrom(...known)
  if (node.enum) return fc.constantFrom(...node.enum)
  if (node.const !== undefined) return fc.constant(node.const)
  const variants = node.anyOf ?? node.oneOf
  if (variants) return fc.oneof(...variants.map((v) => valueOf(v, name, fixtures, depth + 1)))
  if (node.allOf?.length) return valueOf(node.allOf[0], name, fixtures, depth + 1)
  const type = Array.isArray(node.type) ? node.type[0] : node.type
  switch (type) {
    case 'string':
      if (node.format === 'uri' || /url/i.test(name)) return fc.constantFrom(...HOSTILE_URLS)
      if (node.format === 'date-time' || /At$|^from$|^since$/.test(name)) {
        return fc.date({ min: new Date('1960-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
      }
      if (node.format === 'email' || /email/i.test(name)) return fc.emailAddress()
      if (node.pattern) {
        try {
          return fc.stringMatching(new RegExp(node.pattern)).filter((s) => s.length <= (node.maxLength ?? 200))
        } catch {
          // a pattern fast-check cannot invert: plain strings
        }
      }
      return fc.string({ minLength: node.minLength ?? 0, maxLength: Math.min(node.maxLength ?? 40, 40), unit: 'grapheme' })
    case 'integer':
      return fc.integer({ min: Math.max(node.minimum ?? -1000, -(2 ** 31)), max: Math.min(node.maximum ?? 100_000, 2 ** 31) })
    case 'number':
      return fc.double({ min: node.minimum ?? -1e6, max: node.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(valueOf(node.items, name, fixtures, depth + 1), { minLength: node.minItems ?? 0, maxLength: Math.min(node.maxItems ?? 3, (node.minItems ?? 0) + 3) })
    case 'object': {
      const properties = Object.entries(node.properties ?? {})
      const required = new Set(node.required ?? [])
      const shape = Object.fromEntries(properties.map(([key, inner]) => [key, valueOf(inner, key, fixtures, depth + 1)]))
      return fc.record(shape, { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Breaks a value at some of its places: a hostile value there, a key dropped or added. */
const mutation = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'replace', 'drop', 'add', 'none'),
  at: fc.nat(),
  value: fc.constantFrom(...HOSTILE_VALUES),
})

function placesOf(value: unknown): Array<Array<string | number>> {
  const places: Array<Array<string | number>> = []
  const pending: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }]
  while (pending.length > 0 && places.length < 200) {
    const { v, path } = pending.pop()!
    if (path.length > 0) places.push(path)
    if (v && typeof v === 'object' && path.length < 8) for (const [k, inner] of Object.entries(v)) pending.push({ v: inner, path: [...path, Array.isArray(v) ? Number(k) : k] })
  }
  return places
}

function mutate(value: unknown, mutations: ReadonlyArray<{ kind: string; at: number; value: unknown }>): unknown {
  let result = structuredClone(value)
  for (const m of mutations) {
    if (m.kind === 'none') continue
    if (result === null || typeof result !== 'object') {
      if (m.kind === 'replace') result = { value: structuredClone(m.value) }
      continue
    }
    const places = placesOf(result)
    if (m.kind === 'add' || places.length === 0) {
      ;(result as Record<string, unknown>)[HOSTILE_STRINGS[m.at % HOSTILE_STRINGS.length]!.slice(0, 64) || 'extra'] = structuredClone(m.value)
      continue
    }
    const path = places[m.at % places.length]!
    let parent = result as Record<string | number, unknown>
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>
    const last = path.at(-1)!
    if (m.kind === 'drop') delete parent[last]
    else parent[last] = structuredClone(m.value) // a copy: the pool's values are shared, and must not become circular
  }
  return result
}

const safeEncode = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')) + '%ED%A0%80'
  }
}

const toQuery = (value: unknown): string => {
  if (!value || typeof value !== 'object') return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(value)) {
    // Capped: past Node's 16 KiB of request head the server itself answers 431 and hangs up.
    for (const item of Array.isArray(v) ? v.slice(0, 20) : [v]) parts.push(`${safeEncode(k.slice(0, 100))}=${safeEncode((typeof item === 'string' ? item : JSON.stringify(item) ?? '').slice(0, 1000))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/** Raw path segments: bad percent escapes and the like, as they would reach the router. */
const RAW_SEGMENTS = ['%', '%zz', '%00', '%ED%A0%80', '%C0%AF', '..%2F..%2Fetc', '%E0%A4%A', 'a%2Fb', '%F0%9F%98%80', 'x'.repeat(3000)]

/** Every request the fuzzer may send to one route. */
export function requestsFor(route: Route<any, any, any>, fixtures: FuzzFixtures): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(PARAM)].map((m) => m[1]!)
  const destructive = route.method === 'delete' || /\/(logout|stop|restart|cancel)$/.test(route.path) || (route.method === 'patch' && route.path.startsWith('/api/admin/users'))
  // `:id` means the resource of the path: /api/sessions/:id a session, /api/webhooks/:id a webhook …
  const resource = route.path.split('/')[2] ?? ''
  const key = (name: string) => (name === 'id' ? `id@${resource}` : name)
  const pool = (name: string) => (destructive && fixtures.victims[key(name)] ? fixtures.victims[key(name)]! : (fixtures.ids[key(name)] ?? []))
  const segment = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: pool(name).length > 0 ? fc.constantFrom(...pool(name)).map(encodeURIComponent) : fc.string({ minLength: 1, maxLength: 20 }).map(safeEncode) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length > 0 && s.length < 200)).map(safeEncode) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    )
  const querySchema = jsonSchemaOf(route.query)
  const bodySchema = jsonSchemaOf(route.body)
  const queryArb = querySchema ? fc.tuple(valueOf(querySchema, 'query', fixtures), fc.array(mutation, { maxLength: 2 })).map(([v, ms]) => toQuery(mutate(v, ms))) : fc.constant('')
  const rawQuery = fc.constantFrom('', '?limit=1&limit=2', '?before=%', '?sessionId[]=x', '?before=99999999999999999999999', '?from=0000-01-01T00:00:00Z', '?limit=1e400', '?a=%00', '?%ED%A0%80=1')
  const jsonBody = bodySchema
    ? fc.tuple(valueOf(bodySchema, 'body', fixtures), fc.array(mutation, { maxLength: 3 })).map(([v, ms]) => ({ bytes: Buffer.from(JSON.stringify(mutate(v, ms)) ?? 'null'), headers: { 'content-type': 'application/json' }, chunked: false }))
    : fc.constant(undefined)
  const rawBody = fc.constantFrom(...HOSTILE_BODIES).map((b) => ({ bytes: Buffer.from(b.bytes), headers: b.headers, chunked: b.chunked ?? false }))
  const body = route.body || route.multipart ? fc.oneof({ weight: 4, arbitrary: jsonBody }, { weight: 1, arbitrary: rawBody }) : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBody })
  const ownKey = route.path === '/api/user/api-key' && route.method !== 'get'
  return fc
    .record({
      segments: fc.tuple(...names.map(segment)),
      query: fc.oneof({ weight: 5, arbitrary: queryArb }, { weight: 1, arbitrary: rawQuery }),
      body,
      headers: fc.array(fc.constantFrom(...HOSTILE_HEADERS), { maxLength: 2 }),
      key: ownKey ? fc.constant('disposable' as const) : fc.constantFrom('superadmin', 'superadmin', 'owner', 'owner', 'staff', 'cookie', 'none', 'bad'),
      method: fc.oneof({ weight: 20, arbitrary: fc.constant(route.method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'OPTIONS', 'TRACE') }),
    })
    .map(({ segments, query, body, headers, key, method }) => {
      let i = 0
      const path = route.path.replace(PARAM, () => (segments as string[])[i++] ?? 'x') + query
      return {
        method,
        path,
        headers: Object.assign({}, ...headers, body?.headers),
        body: body?.bytes,
        chunked: body?.chunked,
        key: key as FuzzRequest['key'],
      }
    })
}


/** A gateway that has not answered in this long has hung on the request (the fuzz is not a load test). */
const ANSWER_TIMEOUT_MS = 30_000

/** Sends one request as it is (bytes, headers, chunking), and reads the whole answer. */
export function send(base: string, request: FuzzRequest, apiKey: string | undefined): Promise<{ status: number; type: string; text: string } | { error: string }> {
  const url = new URL(base)
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...request.headers }
    if (apiKey) headers['x-api-key'] = apiKey
    if (request.body && !request.chunked && headers['content-length'] === undefined) headers['content-length'] = String(request.body.length)
    // Node's client frames GET, DELETE … bodies only when told to.
    if (request.body && request.chunked) headers['transfer-encoding'] = 'chunked'
    let req
    try {
      req = httpRequest({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', (e) => resolve({ error: e.message }))
      })
    } catch (error) {
      // The client itself refuses it (a header Node will not send): not the gateway's doing.
      return resolve({ status: -1, type: '', text: (error as Error).message })
    }
    req.on('error', (e) => resolve({ error: e.message }))
    req.setTimeout(ANSWER_TIMEOUT_MS, () => {
      resolve({ error: `no answer within ${ANSWER_TIMEOUT_MS} ms` })
      req.destroy()
    })
    if (request.body) {
      if (request.chunked) {
        const half = Math.floor(request.body.length / 2)
        req.write(request.body.subarray(0, half))
        req.end(request.body.subarray(half))
      } else req.end(request.body)
    } else req.end()
  })
}

/** What is wrong with an answer, or undefined if it is fine. */
export function problemWith(answer: { status: number; type: string; text: string }, method: string): string | undefined {
  const { status, type, text } = answer
  if (status >= 500) {
    if (status === 503 && CONTRACT_503.test(text)) return undefined
    return `answered ${status}`
  }
  if (status >= 400 && method !== 'HEAD') {
    if (!type.includes('application/json')) return `a ${status} that is not JSON (${type || 'no content type'})`
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return `a ${status} whose body is not JSON`
    }
    const error = (body as { error?: unknown } | null)?.error
    if (typeof error !== 'string' || error.trim() === '') return `a ${status} without { error }`
    const leak = INTERNAL_MESSAGE.exec(error)
    if (leak) return `a ${status} whose error shows an internal message ("${leak[0]}")`
  }
  return undefined
}

/** Fuzzes every route `runsPerRoute` times; finds nothing on a healthy gateway. */
export async function fuzzRoutes(
  base: string,
  routes: readonly Route<any, any, any>[],
  fixtures: FuzzFixtures,
  options: { runsPerRoute: number; seed?: number; onProgress?: (done: number, total: number, report: FuzzReport) => void },
): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, byStatus: {}, findings: [] }
  let done = 0
  for (const route of routes) {
    const name = `${route.method.toUpperCase()} ${route.path}`
    await fc.assert(
      fc.asyncProperty(requestsFor(route, fixtures), async (request) => {
        const apiKey =
          request.key === 'superadmin' ? fixtures.keys.superadmin
          : request.key === 'owner' ? fixtures.keys.owner
          : request.key === 'staff' ? fixtures.keys.staff
          : request.key === 'disposable' ? await fixtures.disposableKey()
          : request.key === 'bad' ? 'wag_' + 'x'.repeat(40)
          : undefined
        // A cookie login writes with its CSRF token (or whatever Origin the request itself carries).
        const withCookie = request.key === 'cookie' ? { ...request, headers: { cookie: fixtures.cookie.header, 'x-csrf-token': fixtures.cookie.csrf, ...request.headers } } : request
        const answer = await send(base, withCookie, apiKey)
        report.requests++
        const status = 'error' in answer ? 'no answer' : answer.status
        report.byStatus[String(status)] = (report.byStatus[String(status)] ?? 0) + 1
        if ('error' in answer || answer.status === -1) {
          if ('error' in answer) record(report, name, request, 'no answer', `the connection broke: ${answer.error}`, '')
          return true
        }
        const problem = problemWith(answer, request.method)
        if (problem) record(report, name, request, answer.status, problem, answer.text)
        return true
      }),
      { numRuns: options.runsPerRoute, seed: options.seed, endOnFailure: true },
    )
    options.onProgress?.(++done, routes.length, report)
  }
  return report
}

function record(report: FuzzReport, route: string, request: FuzzRequest, status: number | 'no answer', problem: string, answer: string): void {
  report.findings.push({
    route,
    request: {
      method: request.method,
      path: request.path.slice(0, 300),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v])),
      ...(request.body ? { body: request.body.length > 300 ? `${request.body.subarray(0, 200).toString('utf8')}…(${request.body.length} bytes${request.chunked ? ', chunked' : ''})` : request.body.toString('utf8') } : {}),
    },
    status,
    problem,
    answer: answer.slice(0, 300),
  })
}

/** One line per distinct problem, for a test's failure message. */
export function summarize(report: FuzzReport, max = 15): string {
  const seen = new Map<string, FuzzFinding & { count: number }>()
  for (const f of report.findings) {
    const key = `${f.route} ${f.problem}`
    const entry = seen.get(key)
    if (entry) entry.count++
    else seen.set(key, { ...f, count: 1 })
  }
  return [...seen.values()]
    .slice(0, max)
    .map((f) => `${f.count}× ${f.route}: ${f.problem}\n    ${f.request.method} ${f.request.path} ${JSON.stringify(f.request.headers)} ${f.request.body ?? ''}\n    → ${f.answer}`)
    .join('\n')
}
