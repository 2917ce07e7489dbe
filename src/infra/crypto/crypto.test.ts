import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AesSecretBox } from './aes-secret-box.ts'
import { Argon2PasswordHasher } from './argon2-password-hasher.ts'
import { HmacTokenHasher } from './hmac-token-hasher.ts'

const key = randomBytes(32)

describe('crypto adapters', () => {
  it('hashes passwords with argon2id and verifies only the right one', async () => {
    const hasher = new Argon2PasswordHasher()
    const hash = await hasher.hash('correct horse battery staple')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/)
    expect(hash).not.toContain('correct horse')
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true)
    expect(await hasher.verify(hash, 'wrong')).toBe(false)
    expect(await hasher.verify('not a hash', 'x')).toBe(false)
  })

  it('seals and opens secrets, detects tampering, and needs the same key and purpose', () => {
    const box = new AesSecretBox(key, 'api-keys')
    const sealed = box.seal('wag_secret')
    expect(sealed).not.toContain('wag_secret')
    expect(box.seal('wag_secret')).not.toBe(sealed)
    expect(box.open(sealed)).toBe('wag_secret')
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
    expect(() => box.open(tampered)).toThrow()
    expect(() => new AesSecretBox(key, 'webhooks').open(sealed)).toThrow()
    expect(() => new AesSecretBox(randomBytes(32), 'api-keys').open(sealed)).toThrow()
  })

  it('hashes tokens deterministically per key and purpose', () => {
    const hasher = new HmacTokenHasher(key, 'api-keys')
    expect(hasher.hash('wag_x')).toBe(hasher.hash('wag_x'))
    expect(hasher.hash('wag_x')).not.toBe(hasher.hash('wag_y'))
    expect(new HmacTokenHasher(key, 'logins').hash('wag_x')).not.toBe(hasher.hash('wag_x'))
  })
})
