import { createHmac } from 'node:crypto'
import type { TokenHasher } from '../../domain/ports/crypto.ts'
import { deriveKey } from './aes-secret-box.ts'

/**
 * Tokens are long and random, so a fast keyed hash is enough: HMAC-SHA256 with a key derived from the
 * gateway key, so a copy of the database alone cannot even test a guessed token.
 */
export class HmacTokenHasher implements TokenHasher {
  readonly #key: Buffer
  constructor(masterKey: Buffer, purpose: string) {
    this.#key = deriveKey(masterKey, purpose)
  }
  hash(token: string): string {
    return createHmac('sha256', this.#key).update(token, 'utf8').digest('base64url')
  }
}
