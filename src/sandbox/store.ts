/**
 * Persistence: JSON documents under a data directory, written atomically (temp file + rename) and
 * coalesced (a burst of changes to one document is one write, at the next turn of the event loop).
 * Buffers are stored as `{ "type": "Buffer", "data": "<base64>" }`.
 * Without a directory the store is in-memory only (tests that do not restart the sandbox).
 */
import { existsSync, fsyncSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'

type BufferJson = { type: 'Buffer'; data: string }
const isBufferJson = (value: unknown): value is BufferJson =>
  typeof value === 'object' && value !== null && (value as BufferJson).type === 'Buffer' && typeof (value as BufferJson).data === 'string'

export function encodeJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(this: Record<string, unknown>, key, current: unknown) {
      // JSON.stringify calls Buffer#toJSON before the replacer sees it: look at the raw value.
      const raw = this[key]
      if (raw instanceof Uint8Array) return { type: 'Buffer', data: Buffer.from(raw).toString('base64') }
      return current
    },
    1,
  )
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => (isBufferJson(value) ? Buffer.from(value.data, 'base64') : value)) as T
}

export type SandboxStore = {
  readonly dir: string | undefined
  /** Reads one document, if it exists. */
  read<T>(key: string): T | undefined
  /** Reads every document in a folder. */
  readAll<T>(folder: string): T[]
  /**
   * Schedules a write of `value` (serialized at flush time, so later mutations are included), at
   * the next turn of the event loop, or after `delayMs` for bulky documents written often (logs).
   */
  write(key: string, value: unknown, delayMs?: number): void
  remove(key: string): void
  /** Writes everything scheduled now. */
  flush(): void
  /** Binary blobs (media), written at once. */
  writeBlob(key: string, bytes: Uint8Array): void
  readBlob(key: string): Buffer | undefined
}

export function createMemoryStore(): SandboxStore {
  const blobs = new Map<string, Buffer>()
  return {
    dir: undefined,
    read: () => undefined,
    readAll: () => [],
    write() {},
    remove() {},
    flush() {},
    writeBlob: (key, bytes) => void blobs.set(key, Buffer.from(bytes)),
    readBlob: key => blobs.get(key),
  }
}

/** Keys are relative paths such as `phones/15550001111.json`. */
export function createFileStore(dir: string, onError: (err: unknown, key: string) => void = () => {}): SandboxStore {
  mkdirSync(dir, { recursive: true })
  const pending = new Map<string, unknown>()
  let scheduled = false
  let delayed: NodeJS.Timeout | undefined

  const writeAtomic = (key: string, text: string | Uint8Array) => {
    const path = join(dir, key)
    mkdirSync(dirname(path), { recursive: true })
    const temp = `${path}.${process.pid}.tmp`
    const fd = openSync(temp, 'w', 0o600)
    try {
      if (typeof text === 'string') writeSync(fd, text)
      else writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, path)
  }

  const flush = () => {
    scheduled = false
    clearTimeout(delayed)
    delayed = undefined
    for (const [key, value] of [...pending]) {
      pending.delete(key)
      try {
        if (value === undefined) rmSync(join(dir, key), { force: true })
        else writeAtomic(key, encodeJson(value))
      } catch (err) {
        onError(err, key)
      }
    }
  }

  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  return {
    dir,
    read<T>(key: string) {
      const path = join(dir, key)
      return existsSync(path) ? decodeJson<T>(readFileSync(path, 'utf8')) : undefined
    },
    readAll<T>(folder: string) {
      const path = join(dir, folder)
      if (!existsSync(path)) return []
      return readdirSync(path)
        .filter(name => name.endsWith('.json'))
        .sort()
        .map(name => decodeJson<T>(readFileSync(join(path, name), 'utf8')))
    },
    write(key, value, delayMs = 0) {
      pending.set(key, value)
      if (delayMs > 0) delayed ??= setTimeout(flush, delayMs)
      else schedule()
    },
    remove(key) {
      pending.set(key, undefined)
      schedule()
    },
    flush,
    writeBlob: (key, bytes) => writeAtomic(key, bytes),
    readBlob(key) {
      const path = join(dir, key)
      return existsSync(path) ? readFileSync(path) : undefined
    },
  }
}
