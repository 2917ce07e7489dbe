import { fetch, type Dispatcher } from 'undici'
import { DomainError, ValidationError } from '../../domain/errors.ts'
import { assertFetchableUrl, guardedDispatcher, refusalIn } from './outbound-http.ts'

export interface FetchLimits {
  readonly maxBytes: number
  readonly timeoutMs: number
  readonly allowPrivate: boolean
  readonly maxRedirects?: number
}

export interface Fetched {
  readonly bytes: Buffer
  /** What the server said it is (not trusted: callers sniff the bytes). */
  readonly contentType: string | null
  readonly url: string
  readonly fileName: string | null
}

/** The media could not be had (unreachable, non-2xx, too large, too slow): 400 to the caller, who gave the URL. */
export class MediaFetchError extends DomainError {
  constructor(message: string) {
    super('VALIDATION', message)
  }
}

const dispatchers = new Map<boolean, Dispatcher>()
const dispatcherFor = (allowPrivate: boolean) => {
  let dispatcher = dispatchers.get(allowPrivate)
  if (!dispatcher) dispatchers.set(allowPrivate, (dispatcher = guardedDispatcher(allowPrivate)))
  return dispatcher
}

/**
 * Downloads a URL for the gateway to send on: http(s) only, no private network (checked again for each
 * redirect and at connect time), at most `maxBytes`, within `timeoutMs` in all.
 */
export async function fetchLimited(raw: string, limits: FetchLimits): Promise<Fetched> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let url = assertFetchableUrl(raw, limits.allowPrivate)
  for (let hop = 0; ; hop++) {
    let response
    try {
      response = await fetch(url, { redirect: 'manual', signal, dispatcher: dispatcherFor(limits.allowPrivate) })
    } catch (error) {
      const refusal = refusalIn(error)
      if (refusal) throw refusal
      if (signal.aborted) throw new MediaFetchError(`${url.origin} did not answer within ${limits.timeoutMs} ms`)
      throw new MediaFetchError(`could not fetch ${url.href}: ${(error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message}`)
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel()
      if (hop >= (limits.maxRedirects ?? 5)) throw new MediaFetchError(`too many redirects from ${raw}`)
      url = assertFetchableUrl(new URL(response.headers.get('location')!, url).href, limits.allowPrivate)
      continue
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new MediaFetchError(`${url.href} answered ${response.status}`)
    }
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (declared > limits.maxBytes) {
      await response.body?.cancel()
      throw new ValidationError(`${url.href} is ${declared} bytes; the limit is ${limits.maxBytes}`)
    }
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength
        if (size > limits.maxBytes) throw new ValidationError(`${url.href} is larger than the limit of ${limits.maxBytes} bytes`)
        chunks.push(Buffer.from(chunk))
      }
    } catch (error) {
      if (error instanceof ValidationError) throw error
      throw new MediaFetchError(signal.aborted ? `${url.origin} did not send the whole file within ${limits.timeoutMs} ms` : `download of ${url.href} broke off`)
    }
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')
    const fileName = (disposition?.[1] ? safeDecode(disposition[1]) : safeDecode(url.pathname.split('/').pop() || '')) || null
    return { bytes: Buffer.concat(chunks), contentType: response.headers.get('content-type'), url: url.href, fileName }
  }
}

/** A percent-encoded name, decoded; left as it is when its escapes are broken (`%zz`, a cut UTF-8 sequence). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
