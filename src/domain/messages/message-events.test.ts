import { describe, expect, it } from 'vitest'
import { statusAdvances } from './message-events.ts'

describe('statusAdvances', () => {
  it('only moves a message forward, whatever order receipts come in', () => {
    expect(statusAdvances(null, 'PENDING')).toBe(true)
    expect(statusAdvances('PENDING', 'SENT')).toBe(true)
    expect(statusAdvances('SENT', 'READ')).toBe(true)
    expect(statusAdvances('READ', 'DELIVERED')).toBe(false)
    expect(statusAdvances('DELIVERED', 'DELIVERED')).toBe(false)
  })
  it('fails only what was not yet delivered, and lets a later receipt overrule a failure', () => {
    expect(statusAdvances('SENT', 'FAILED')).toBe(true)
    expect(statusAdvances('DELIVERED', 'FAILED')).toBe(false)
    expect(statusAdvances('FAILED', 'DELIVERED')).toBe(true)
    expect(statusAdvances('FAILED', 'PENDING')).toBe(false)
  })
})
