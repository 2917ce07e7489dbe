import { request, type Dispatcher } from 'undici'
import type { WebhookRequest, WebhookResponse, WebhookSender } from '../../domain/ports/webhook-sender.ts'
import { assertFetchableUrl, checkOutboundUrl, guardedDispatcher, OutboundUrlError, refusalIn } from './outbound-http.ts'

/** How much of a receiver's answer is read before the connection is given back. */
const MAX_RESPONSE_BYTES = 64 * 1024

/**
 * Posts webhook deliveries with undici: connections kept alive per origin, no redirects followed (a
 * 3xx is a failed attempt), the private-network policy checked on the URL and again at connect time.
 */
export class HttpWebhookSender implements WebhookSender {
  readonly #dispatcher: Dispatcher
  readonly #allowPrivate: boolean

  constructor(options: { allowPrivateNetworks: boolean }) {
    this.#allowPrivate = options.allowPrivateNetworks
    this.#dispatcher = guardedDispatcher(options.allowPrivateNetworks)
  }

  async post({ url, body, headers, timeoutMs }: WebhookRequest): Promise<WebhookResponse> {
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      assertFetchableUrl(url, this.#allowPrivate)
      // undici's request() follows no redirects.
      const response = await request(url, { method: 'POST', body, headers, dispatcher: this.#dispatcher, signal })
      let read = 0
      for await (const chunk of response.body) {
        read += (chunk as Buffer).length
        if (read > MAX_RESPONSE_BYTES) {
          response.body.destroy()
          break
        }
      }
      return { statusCode: response.statusCode, error: response.statusCode >= 200 && response.statusCode < 300 ? null : `answered ${response.statusCode}` }
    } catch (error) {
      const refusal = refusalIn(error) ?? (error instanceof OutboundUrlError ? error : undefined)
      if (refusal) return { statusCode: null, error: refusal.message }
      if (signal.aborted) return { statusCode: null, error: `no answer within ${timeoutMs} ms` }
      return { statusCode: null, error: describeFailure(error) }
    }
  }

  async close(): Promise<void> {
    await this.#dispatcher.close()
  }
}

function describeFailure(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = e.code ?? e.cause?.code
  const message = e.cause?.message ?? e.message ?? String(error)
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

/** Refuses a webhook target the gateway must not post to (see checkOutboundUrl). */
export const checkWebhookTarget = checkOutboundUrl
