import type { Context } from 'koa'
import type { z } from 'zod'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Who may call a route: anyone (health, login), or an authenticated user (API key or session cookie). */
export type Access = 'public' | 'authenticated'

/** A file uploaded in a multipart request. */
export interface UploadedFile {
  readonly fieldName: string
  readonly fileName: string
  readonly mimetype: string
  readonly bytes: Buffer
}

export interface RouteInput<Params, Query, Body> {
  readonly params: Params
  readonly query: Query
  readonly body: Body
  readonly ctx: Context
  /** The uploaded file, for multipart routes. */
  readonly file?: UploadedFile
}

/**
 * One HTTP route: its method and path, one schema per request part, and a handler that returns the
 * JSON to answer. Validation happens before the handler runs, so the handler sees typed, checked input.
 */
export interface Route<Params = unknown, Query = unknown, Body = unknown> {
  readonly method: HttpMethod
  readonly path: string
  readonly access: Access
  readonly params?: z.ZodType<Params>
  readonly query?: z.ZodType<Query>
  readonly body?: z.ZodType<Body>
  /** A multipart/form-data route: one file field (required) with a size limit; the text fields are the body. */
  readonly multipart?: { readonly fileField: string; readonly maxBytes: number }
  /** For the API document (GET /openapi.json): a one-line summary and the group it is listed under. */
  readonly summary?: string
  readonly tags?: readonly string[]
  /** What a success answers (documented, not enforced). For `produces` other than JSON, the body's schema is a string. */
  readonly response?: z.ZodType
  /** The success status when it is not 200 (201, 202, 204), for the document. */
  readonly successStatus?: number
  /** The media type of a success that is not JSON (e.g. `text/plain`, `text/html`, `application/octet-stream`). */
  readonly produces?: string
  /** Request headers the route reads, for the document: name → what it does. */
  readonly headers?: Readonly<Record<string, string>>
  /** A public route that takes a bearer token instead (GET /metrics with METRICS_TOKEN set). */
  readonly bearer?: boolean
  handle(input: RouteInput<Params, Query, Body>): unknown | Promise<unknown>
}

export function route<Params = Record<string, string>, Query = Record<string, unknown>, Body = undefined>(
  definition: Route<Params, Query, Body>,
): Route<Params, Query, Body> {
  return definition
}
