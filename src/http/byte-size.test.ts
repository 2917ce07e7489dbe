import { describe, expect, it } from 'vitest'
import { formatByteSize } from './byte-size.ts'

describe('formatByteSize', () => {
  it('prints KB under 1 MB and never states a limit larger than it is', () => {
    expect(formatByteSize(700 * 1024)).toBe('700 KB')
    expect(formatByteSize(1024 * 1024 - 1)).toBe('1023.9 KB')
    expect(formatByteSize(1024 * 1024)).toBe('1 MB')
    expect(formatByteSize(5 * 1024 * 1024)).toBe('5 MB')
    expect(formatByteSize(1.5 * 1024 * 1024)).toBe('1.5 MB')
    expect(formatByteSize(512)).toBe('512 bytes')
  })
})
