/** One HTTP POST of a webhook delivery. */
export interface WebhookRequest {
  readonly url: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  /** The whole attempt (connect, send, answer) must finish within this. */
  readonly timeoutMs: number
}

/** What came of it: the receiver's status code, or why there was none. */
export interface WebhookResponse {
  readonly statusCode: number | null
  readonly error: string | null
}

/** The webhook sender port: the outbound HTTP client, with the gateway's outbound address policy. */
export interface WebhookSender {
  post(request: WebhookRequest): Promise<WebhookResponse>
  close(): Promise<void>
}
