import type { SecretBox } from '../../../domain/ports/crypto.ts'

const MAX_CACHED = 10_000

/** Webhook secrets opened once per sealed value, not once per attempt. */
export class OpenedSecrets {
  readonly #box: SecretBox
  readonly #opened = new Map<string, string>()

  constructor(box: SecretBox) {
    this.#box = box
  }

  /** The secret in clear, or null when it cannot be opened (sealed under another key). */
  open(sealed: string): string | null {
    let secret = this.#opened.get(sealed)
    if (secret === undefined) {
      try {
        secret = this.#box.open(sealed)
      } catch {
        return null
      }
      if (this.#opened.size > MAX_CACHED) this.#opened.clear()
      this.#opened.set(sealed, secret)
    }
    return secret
  }
}
