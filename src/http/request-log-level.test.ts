import { describe, expect, it } from 'vitest'
import { requestLogLevel } from './request-log-level.ts'

describe('requestLogLevel', () => {
  it('logs the caller\'s mistakes and ordinary refusals below error, the gateway\'s own failures at error', () => {
    expect(requestLogLevel('/api/sessions', 200)).toBe('info')
    for (const status of [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]) expect(requestLogLevel('/api/sessions', status)).toBe('info')
    expect(requestLogLevel('/api/chat/send', 503)).toBe('warn')
    expect(requestLogLevel('/api/chat/send', 500)).toBe('error')
    expect(requestLogLevel('/api/chat/send', 502)).toBe('error')
  })

  it('keeps health checks and scrapes at debug, even when they fail', () => {
    expect(requestLogLevel('/healthz', 200)).toBe('debug')
    expect(requestLogLevel('/readyz', 503)).toBe('debug')
    expect(requestLogLevel('/metrics', 401)).toBe('debug')
  })
})
