import type { IncomingMessage } from 'node:http'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Context } from 'koa'
import { HttpError } from './http-error.ts'

/** The media types read as JSON: application/json and the +json family. */
export const JSON_TYPES = ['application/json', '+json']

const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
}
const SUPPORTED_ENCODINGS = ['identity', ...Object.keys(DECODERS)]

// Declared too large: answered at once and the connection closed, nothing read. Found too large while reading:
// the rest is read and dropped (up to DRAIN_LIMIT), so that the client, still sending, hears the 413.
const tooLarge = (limit: number, declared: boolean) =>
  new HttpError(413, `request body is too large; the limit is ${limit} bytes`, declared ? { Connection: 'close' } : {})

/** Whether the request carries a body at all (a length above zero, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0')
}

/**
 * Reads a JSON request body to a plain object. Every way it can be wrong is a 4xx saying so: not JSON
 * (415), an encoding we do not decode (415), bytes that do not decompress or are no UTF-8 or no JSON
 * (400), JSON that is not an object (400), more than `limit` bytes, declared or decoded (413, before
 * reading or as soon as the limit is passed). No body at all is `{}`.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<Record<string, unknown>> {
  const req = ctx.req
  if (!hasBody(req)) return {}
  if (!ctx.request.is(JSON_TYPES)) throw new HttpError(415, 'send the body as JSON with Content-Type: application/json')
  const charset = ctx.request.charset
  if (charset && !/^utf-?8$/i.test(charset)) throw new HttpError(415, `charset ${charset} is not read; send the JSON as UTF-8`)
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit, true)
  const encodings = (req.headers['content-encoding'] ?? 'identity')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity')
  const unknown = encodings.find((e) => !Object.hasOwn(DECODERS, e))
  if (unknown) throw new HttpError(415, `Content-Encoding ${unknown} is not supported; use one of ${SUPPORTED_ENCODINGS.join(', ')}`)
  const bytes = await readAll(req, encodings, limit)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new HttpError(400, 'request body is not valid UTF-8')
  }
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, `request body must be a JSON object ({ … }), not ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}`)
  }
  return parsed as Record<string, unknown>
}

/** How much of an over-long body is still read (and dropped) so that the client hears the 413 instead of a reset. */
const DRAIN_LIMIT = 8 * 1024 * 1024
const DRAIN_TIMEOUT_MS = 5000

/** The body, decoded (encodings applied in order, last one first), stopping as soon as it passes `limit`. */
function readAll(req: IncomingMessage, encodings: readonly string[], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const decoders = [...encodings].reverse().map((e) => DECODERS[e]!())
    let out: NodeJS.ReadableStream = req
    for (const decoder of decoders) out = out.pipe(decoder)
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const fail = (error: HttpError) => {
      if (settled) return
      settled = true
      req.unpipe()
      for (const decoder of decoders) (decoder as unknown as { destroy(): void }).destroy()
      out.removeAllListeners('data')
      reject(error)
    }
    req.once('aborted', () => fail(new HttpError(400, 'request body broke off before its end')))
    req.once('error', () => fail(new HttpError(400, 'request body broke off before its end')))
    for (const decoder of decoders) {
      decoder.once('error', () =>
        fail(new HttpError(400, `request body could not be decoded as ${encodings.join(', ')}; send it as its Content-Encoding says, or without one`)),
      )
    }
    out.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) return fail(tooLarge(limit, false))
      chunks.push(chunk)
    })
    out.once('end', () => {
      if (settled) return
      settled = true
      resolve(Buffer.concat(chunks))
    })
  })
}

/**
 * Middleware: before the answer goes out, reads and drops what is left of a request body nobody read
 * (a route without one, a 401, a refused body), up to DRAIN_LIMIT. Answering while the client still
 * sends makes Node close the connection under it, and the client gets a reset instead of the answer.
 * Not when the answer closes the connection anyway (a body declared too large: nothing is read).
 */
export async function drainUnreadBody(ctx: Context, next: () => Promise<void>): Promise<void> {
  await next()
  const req = ctx.req
  if (!hasBody(req) || req.complete || req.destroyed || /close/i.test(String(ctx.response.get('Connection')))) return
  if (Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT) return void ctx.set('Connection', 'close')
  await new Promise<void>((resolve) => {
    let dropped = 0
    const giveUp = () => {
      // Too much, or too slow (a client that declared more than it sends): answer, then close.
      ctx.set('Connection', 'close')
      req.pause()
      resolve()
    }
    const timer = setTimeout(giveUp, DRAIN_TIMEOUT_MS)
    const done = () => (clearTimeout(timer), resolve())
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length
      if (dropped > DRAIN_LIMIT) (clearTimeout(timer), giveUp())
    })
    req.once('end', done)
    req.once('close', done)
    req.once('error', done)
    req.resume()
  })
}
