/** Passwords are stored only as memory-hard hashes. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(hash: string, password: string): Promise<boolean>
}

/** Secrets that must be shown again later (an API key on GET) are stored sealed with the gateway key. */
export interface SecretBox {
  seal(plaintext: string): string
  open(sealed: string): string
}

/** Bearer tokens (API keys, login sessions) are stored and looked up by a keyed hash, never in clear. */
export interface TokenHasher {
  hash(token: string): string
}
