import { describe, expect, it } from 'vitest'
import { fromStreamName, idOfStream, requireIdOfStream, sessionIdOfStream, STREAM_CATEGORIES, toStreamName } from './streams.ts'

describe('stream names', () => {
  it('keeps the stored format: <category>-<id>', () => {
    expect(toStreamName('session', 'ab12cd')).toBe('session-ab12cd')
    expect(toStreamName('messages', 'ab12cd')).toBe('messages-ab12cd')
    expect(toStreamName('user', 'cm0abc')).toBe('user-cm0abc')
    expect(toStreamName('email', 'f00')).toBe('email-f00')
    expect(toStreamName('webhook', 'w1')).toBe('webhook-w1')
    expect(toStreamName('autoreply', 'r1')).toBe('autoreply-r1')
    expect(toStreamName('broadcast', 'b1')).toBe('broadcast-b1')
    expect(toStreamName('schedule', 's1')).toBe('schedule-s1')
    expect(toStreamName('repeat', 'x1')).toBe('repeat-x1')
  })

  it('reads back what it writes, for every category, ids with dashes included', () => {
    for (const category of STREAM_CATEGORIES) {
      const id = '0b6c1f5e-3d7a-4c2b-9e8f-1a2b3c4d5e6f'
      expect(fromStreamName(toStreamName(category, id))).toEqual({ category, id })
    }
  })

  it('knows no stream outside the categories, nor a name with no id', () => {
    expect(fromStreamName('parked-events')).toBeNull()
    expect(fromStreamName('session-')).toBeNull()
    expect(fromStreamName('session')).toBeNull()
    expect(fromStreamName('-abc')).toBeNull()
    expect(fromStreamName('sessions-abc')).toBeNull()
  })

  it('gives the id of a stream of one category only', () => {
    expect(idOfStream('webhook-w-1', 'webhook')).toBe('w-1')
    expect(idOfStream('user-w1', 'webhook')).toBeNull()
    expect(requireIdOfStream('messages-ab12cd', 'messages')).toBe('ab12cd')
    expect(() => requireIdOfStream('session-ab12cd', 'messages')).toThrow('stream session-ab12cd is not a messages stream')
  })

  it('finds the session of its lifecycle and traffic streams only', () => {
    expect(sessionIdOfStream('session-ab12cd')).toBe('ab12cd')
    expect(sessionIdOfStream('messages-ab12cd')).toBe('ab12cd')
    expect(sessionIdOfStream('user-ab12cd')).toBeNull()
    expect(sessionIdOfStream('broadcast-ab12cd')).toBeNull()
  })
})
