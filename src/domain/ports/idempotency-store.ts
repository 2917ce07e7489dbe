/** The result of a send, kept under its Idempotency-Key. */
export type IdempotentResult = Record<string, unknown>

export type IdempotencyClaim =
  /** First use of the key: go on, then complete() or release(). */
  | { readonly state: 'claimed' }
  /** Used before with this very request: here is what it answered. */
  | { readonly state: 'done'; readonly result: IdempotentResult }
  /** A request with this key is still being handled. */
  | { readonly state: 'in-flight' }
  /** Used before with a different request. */
  | { readonly state: 'mismatch' }

/** Idempotency keys per session: a retried request with the same key gets the first answer, not a second send. */
export interface IdempotencyStore {
  claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim>
  complete(scope: string, key: string, result: IdempotentResult): Promise<void>
  /** Forgets a claim whose request failed, so a retry may try again. */
  release(scope: string, key: string): Promise<void>
}
