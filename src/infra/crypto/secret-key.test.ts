import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSecretKey } from './secret-key.ts'

describe('loadSecretKey', () => {
  it('generates a key once into DATA_DIR, owner-readable only, and reuses it', async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'wag-key-')), 'data')
    const first = await loadSecretKey({ dataDir })
    const second = await loadSecretKey({ dataDir })
    expect(first.source).toBe('generated')
    expect(second.source).toBe('file')
    expect(second.key.equals(first.key)).toBe(true)
    expect(first.key).toHaveLength(32)
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600)
  })

  it('derives the key from GATEWAY_SECRET_KEY and refuses a short one', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wag-key-'))
    const a = await loadSecretKey({ dataDir, secret: 'x'.repeat(32) })
    const b = await loadSecretKey({ dataDir, secret: 'x'.repeat(32) })
    expect(a.source).toBe('env')
    expect(a.key.equals(b.key)).toBe(true)
    await expect(loadSecretKey({ dataDir, secret: 'short' })).rejects.toThrow(/at least 32 characters/)
  })

  it('refuses a damaged key file instead of silently replacing it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wag-key-'))
    await writeFile(path.join(dataDir, 'secret.key'), 'not a key')
    await expect(loadSecretKey({ dataDir })).rejects.toThrow(/32-byte/)
    expect(await readFile(path.join(dataDir, 'secret.key'), 'utf8')).toBe('not a key')
  })
})
