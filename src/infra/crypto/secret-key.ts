import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const SECRET_KEY_FILE = 'secret.key'

/**
 * The 32-byte key that encrypts secrets at rest. GATEWAY_SECRET_KEY wins (any string of 32+ characters,
 * hashed to 32 bytes; every node of a cluster needs the same one). Unset, a random key is generated once
 * into DATA_DIR/secret.key, readable by the owner only, and reused on every start.
 */
export async function loadSecretKey(options: { secret?: string; dataDir: string }): Promise<{ key: Buffer; source: 'env' | 'file' | 'generated' }> {
  if (options.secret !== undefined) {
    if (options.secret.length < 32) throw new Error('GATEWAY_SECRET_KEY must have at least 32 characters (e.g. `openssl rand -base64 32`)')
    return { key: createHash('sha256').update(options.secret, 'utf8').digest(), source: 'env' }
  }
  const file = path.join(options.dataDir, SECRET_KEY_FILE)
  try {
    return { key: decode(await readFile(file, 'utf8'), file), source: 'file' }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    return { key, source: 'generated' }
  } catch (error) {
    // Another process generated it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: decode(await readFile(file, 'utf8'), file), source: 'file' }
    throw error
  }
}

function decode(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; restore it from a backup or remove it (secrets encrypted with it become unreadable)`)
  return key
}
