import { z } from 'zod'
import type { Route } from '../route.ts'

/** OpenAPI 3.1's objects, as far as this document uses them. */
export type OpenApiDocument = {
  openapi: '3.1.0'
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, Operation>>
  components: Record<string, Record<string, unknown>>
  tags: Array<{ name: string }>
}
type JsonSchema = Record<string, unknown>
type Operation = Record<string, unknown>

export const ERROR_STATUSES: Readonly<Record<string, string>> = {
  '400': 'The input is wrong: the message says what',
  '401': 'Not authenticated: send X-API-Key or log in',
  '403': 'Not allowed for your role, or the feature is off',
  '404': 'Not found (also for another tenant\'s resource)',
  '409': 'Conflicts with the current state',
  '413': 'The body or upload is too large',
  '415': 'The body is not JSON',
  '429': 'Too many requests: wait for Retry-After',
  '502': 'WhatsApp refused the message',
  '503': 'The session is not CONNECTED, its node is unreachable, or the gateway is shutting down',
}

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a zod schema accepts. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline', cycles: 'ref' }) as JsonSchema
  delete json.$schema
  return json
}

/**
 * The API document, generated from the routes themselves: the same zod schemas that validate a
 * request describe it here, so the document cannot drift from what the gateway checks.
 */
export function openApiDocument(routes: readonly Route<any, any, any>[], info: { title: string; version: string; description?: string }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {}
  const tags = new Set<string>()
  const operationIds = new Set<string>()
  for (const route of routes) {
    const path = openApiPath(route.path)
    const operation = operationOf(route)
    let id = operationIdOf(route.method, route.path)
    for (let n = 2; operationIds.has(id); n++) id = `${operationIdOf(route.method, route.path)}${n}`
    operationIds.add(id)
    operation.operationId = id
    for (const tag of operation.tags as string[]) tags.add(tag)
    ;(paths[path] ??= {})[route.method] = operation
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    tags: [...tags].sort().map((name) => ({ name })),
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The API key of GET/POST /api/user/api-key' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'authjs.session-token',
          description: 'Set by POST /api/auth/login; writes also need a matching Origin or the wag.csrf cookie in X-CSRF-Token',
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the operator set one' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'what is wrong, and what to do' } }, additionalProperties: false },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_STATUSES).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  }
}

function operationOf(route: Route<any, any, any>): Operation {
  const parameters = [...pathParameters(route), ...queryParameters(route), ...headerParameters(route)]
  const operation: Operation = {
    tags: route.tags && route.tags.length > 0 ? [...route.tags] : [defaultTag(route.path)],
    summary: route.summary ?? `${route.method.toUpperCase()} ${route.path}`,
    security: route.access === 'authenticated' ? [{ apiKey: [] }, { sessionCookie: [] }] : route.bearer ? [{ metricsToken: [] }] : [],
  }
  if (parameters.length > 0) operation.parameters = parameters
  const body = requestBodyOf(route)
  if (body) operation.requestBody = body
  operation.responses = responsesOf(route)
  return operation
}

function pathParameters(route: Route<any, any, any>): unknown[] {
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!)
  const properties = route.params ? objectProperties(jsonSchemaOf(route.params)) : {}
  return names.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } }))
}

function queryParameters(route: Route<any, any, any>): unknown[] {
  if (!route.query) return []
  const schema = jsonSchemaOf(route.query)
  const required = new Set((schema.required as string[] | undefined) ?? [])
  return Object.entries(objectProperties(schema)).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema
    return { name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) }
  })
}

function headerParameters(route: Route<any, any, any>): unknown[] {
  return Object.entries(route.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } }))
}

function requestBodyOf(route: Route<any, any, any>): unknown {
  if (route.multipart) {
    const fields = route.body ? jsonSchemaOf(route.body) : { type: 'object', properties: {} }
    const schema = {
      ...fields,
      properties: { ...objectProperties(fields), [route.multipart.fileField]: { type: 'string', contentMediaType: 'application/octet-stream', description: `at most ${route.multipart.maxBytes} bytes` } },
      required: [...((fields.required as string[] | undefined) ?? []), route.multipart.fileField],
    }
    return { required: true, content: { 'multipart/form-data': { schema } } }
  }
  if (!route.body) return undefined
  return { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body) } } }
}

function responsesOf(route: Route<any, any, any>): Record<string, unknown> {
  const status = String(route.successStatus ?? 200)
  const success: JsonSchema = { description: route.summary ?? 'Success' }
  if (status !== '204') {
    const mediaType = route.produces ?? 'application/json'
    const schema = route.response ? jsonSchemaOf(route.response, 'output') : mediaType === 'application/json' ? {} : { type: 'string' }
    success.content = { [mediaType]: { schema } }
  }
  const errors = new Set<string>(['429', '503'])
  if (route.params || route.query || route.body || route.multipart) errors.add('400')
  if (route.body) errors.add('415')
  if (route.multipart || route.body) errors.add('413')
  if (route.access === 'authenticated') for (const s of ['401', '403', '404', '409', '502']) errors.add(s)
  if (route.bearer) errors.add('401')
  const responses: Record<string, unknown> = { [status]: success }
  for (const s of [...errors].sort()) responses[s] = { $ref: `#/components/responses/Error${s}` }
  responses['5XX'] = { description: 'The gateway failed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
  return responses
}

function objectProperties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {}
}

/** Koa's `/api/sessions/:id` is OpenAPI's `/api/sessions/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((part) => part && part !== 'api')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  return [method, ...words].map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('')
}

/** The group a route is listed under when it names none: `/api/sessions/…` → Sessions. */
function defaultTag(path: string): string {
  const [first, second] = path.split('/').filter(Boolean)
  const word = first === 'api' ? (second === 'user' ? 'auth' : second ?? 'api') : first ?? 'root'
  return word[0]!.toUpperCase() + word.slice(1)
}
