import { describe, expect, it } from 'vitest'
import { credentialOf } from './socket-auth.ts'

describe('socket credentials', () => {
  it('takes auth.apiKey first, then the X-API-Key header, then the session cookie', () => {
    expect(credentialOf({ auth: { apiKey: 'wag_a' }, headers: { 'x-api-key': 'wag_b', cookie: 'authjs.session-token=t' } })).toEqual({ kind: 'api-key', key: 'wag_a' })
    expect(credentialOf({ auth: {}, headers: { 'x-api-key': 'wag_b', cookie: 'authjs.session-token=t' } })).toEqual({ kind: 'api-key', key: 'wag_b' })
    expect(credentialOf({ auth: {}, headers: { cookie: 'other=1; authjs.session-token=tok%2Fen' } })).toEqual({ kind: 'cookie', token: 'tok/en' })
    expect(credentialOf({ auth: {}, headers: {} })).toBeNull()
    for (const bad of ['%', '%E0%A4%A', '%zz', '%C0%80']) {
      expect(credentialOf({ auth: {}, headers: { cookie: `authjs.session-token=${bad}` } }), bad).toMatchObject({ refused: expect.stringMatching(/cookie is malformed/) })
    }
    expect(credentialOf({ auth: {}, headers: { cookie: 'other=%zz; authjs.session-token=t' } })).toEqual({ kind: 'cookie', token: 't' })
  })

  it('accepts a cookie only from our own origin', () => {
    const cookie = 'authjs.session-token=t'
    expect(credentialOf({ auth: {}, headers: { cookie, host: 'gw:3030', origin: 'http://gw:3030' } })).toEqual({ kind: 'cookie', token: 't' })
    expect(credentialOf({ auth: {}, headers: { cookie, host: 'gw:3030', origin: 'https://evil.example' } })).toMatchObject({ refused: expect.stringMatching(/cross-site/) })
    // An API key is not ambient: any origin may use one.
    expect(credentialOf({ auth: { apiKey: 'wag_a' }, headers: { host: 'gw:3030', origin: 'https://app.example' } })).toEqual({ kind: 'api-key', key: 'wag_a' })
  })
})
