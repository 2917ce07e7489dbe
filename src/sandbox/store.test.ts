import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileStore, decodeJson, encodeJson } from './store.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('store', () => {
  it('round-trips buffers and leaves numeric-keyed objects alone', () => {
    const value = { key: Buffer.from([1, 2, 3]), u8: new Uint8Array([4]), counts: { '1': 2, '3': 4 } }
    const back = decodeJson<typeof value>(encodeJson(value))
    expect(back.key).toEqual(Buffer.from([1, 2, 3]))
    expect(back.u8).toEqual(Buffer.from([4]))
    expect(back.counts).toEqual({ '1': 2, '3': 4 })
  })

  it('coalesces writes, serializes the latest state at flush, and reads documents back', () => {
    const dir = tempDir()
    const store = createFileStore(dir)
    const doc = { n: 1 }
    store.write('things/a.json', doc)
    doc.n = 2
    store.write('things/b.json', { n: 3 })
    store.flush()
    expect(createFileStore(dir).readAll<{ n: number }>('things')).toEqual([{ n: 2 }, { n: 3 }])
    store.remove('things/a.json')
    store.flush()
    expect(readdirSync(join(dir, 'things'))).toEqual(['b.json'])
    expect(store.read('things/b.json')).toEqual({ n: 3 })
  })
})
