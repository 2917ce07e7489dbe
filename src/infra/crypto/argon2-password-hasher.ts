import argon2 from 'argon2'
import type { PasswordHasher } from '../../domain/ports/crypto.ts'

/** argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). */
export class Argon2PasswordHasher implements PasswordHasher {
  readonly #options: { memoryCost: number; timeCost: number; parallelism: number }
  constructor(options: Partial<{ memoryCost: number; timeCost: number; parallelism: number }> = {}) {
    this.#options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, ...options }
  }
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.#options })
  }
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password)
    } catch {
      return false
    }
  }
}
