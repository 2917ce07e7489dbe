import { describe, expect, it } from 'vitest'
import { phoneJidOf } from './phone-number.ts'

describe('phoneJidOf', () => {
  it.each([
    ['6287748687946', '6287748687946@s.whatsapp.net'],
    ['08123456789', '628123456789@s.whatsapp.net'],
    ['+62 812-3456-789', '628123456789@s.whatsapp.net'],
    ['0044 (20) 7946.0958', '442079460958@s.whatsapp.net'],
    ['6287748687946@s.whatsapp.net', '6287748687946@s.whatsapp.net'],
    ['6287748687946:3@s.whatsapp.net', '6287748687946@s.whatsapp.net'],
  ])('%s → %s', (input, jid) => expect(phoneJidOf(input)).toBe(jid))

  it.each(['', 'abc', '+0812345', '1234', '123@lid', '120363014587327510@g.us', '+1234567890123456789012'])('%s is not a number', (input) =>
    expect(phoneJidOf(input)).toBeNull(),
  )
})
