import { describe, expect, it } from 'vitest'
import { newId, newShortId, stableId } from './ids.ts'

describe('ids', () => {
  it('makes stable UUIDs: same parts, same id; other parts, other id', () => {
    const a = stableId('s1', 'received', '628@s.whatsapp.net', '3EB0A')
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(stableId('s1', 'received', '628@s.whatsapp.net', '3EB0A')).toBe(a)
    expect(stableId('s1', 'received', '628@s.whatsapp.net', '3EB0B')).not.toBe(a)
    expect(stableId('s1', 'a', 'bc')).not.toBe(stableId('s1', 'ab', 'c'))
  })
  it('makes seed-style ids', () => {
    expect(newId()).toMatch(/^c[0-9a-z]{25}$/)
    expect(newShortId()).toMatch(/^[0-9a-z]{6}$/)
  })
})
