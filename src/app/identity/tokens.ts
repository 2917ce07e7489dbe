import { randomBytes, randomUUID } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const API_KEY_PREFIX = 'wag_'

/** `wag_` + 40 base62 characters (≈238 bits), the seed's format. */
export function newApiKey(): { key: string; keyId: string; prefix: string } {
  let body = ''
  while (body.length < 40) {
    for (const byte of randomBytes(48)) if (byte < 248 && body.length < 40) body += BASE62[byte % 62]
  }
  const key = `${API_KEY_PREFIX}${body}`
  return { key, keyId: randomUUID(), prefix: `${key.slice(0, 8)}…` }
}

/** The dashboard session cookie's value: 256 random bits. */
export const newLoginToken = () => randomBytes(32).toString('base64url')

/** A readable random password for a generated first admin. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url')
}
