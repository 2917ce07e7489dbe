import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { SecretBox } from '../../domain/ports/crypto.ts'

const VERSION = 'v1'

/** Derives a purpose-specific 32-byte key from the gateway key, so one leaked use does not open the others. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `wa-gateway:${purpose}`, 32))
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url), authenticated, a fresh IV each time. */
export class AesSecretBox implements SecretBox {
  readonly #key: Buffer
  constructor(masterKey: Buffer, purpose: string) {
    this.#key = deriveKey(masterKey, purpose)
  }
  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
  }
  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.')
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed secret')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  }
}
