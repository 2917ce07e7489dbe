import { DisconnectReason } from '@whiskeysockets/baileys'
import { describe, expect, it } from 'vitest'
import { closeReasonOf } from './disconnect-reason.ts'

/** What Baileys closes with: a Boom error, i.e. an Error with output.statusCode. */
const boom = (message: string, statusCode: number) => Object.assign(new Error(message), { output: { statusCode } })

describe('closeReasonOf', () => {
  it('maps Baileys\' close codes to the driver port\'s reasons', () => {
    expect(closeReasonOf(boom('Intentional Logout', DisconnectReason.loggedOut)).reason).toBe('logged_out')
    expect(closeReasonOf(boom('Stream Errored (restart required)', DisconnectReason.restartRequired)).reason).toBe('restart_required')
    expect(closeReasonOf(boom('Connection was lost', DisconnectReason.connectionLost)).reason).toBe('silent')
    expect(closeReasonOf(boom('QR refs attempts ended', DisconnectReason.timedOut)).reason).toBe('qr_timeout')
    expect(closeReasonOf(boom('Connection Closed', DisconnectReason.connectionClosed)).reason).toBe('connection_lost')
    expect(closeReasonOf(boom('Stream Errored (conflict)', DisconnectReason.connectionReplaced)).reason).toBe('replaced')
    expect(closeReasonOf(boom('Forbidden', DisconnectReason.forbidden)).reason).toBe('logged_out')
    expect(closeReasonOf(undefined)).toEqual({ reason: 'failed', detail: 'no code: closed' })
  })

  it('says which host could not be reached, and why, when the socket never connected', () => {
    const never = (code: string) => Object.assign(boom(`WebSocket Error (${code})`, DisconnectReason.connectionLost), { data: Object.assign(new Error(code), { code }) })
    expect(closeReasonOf(never('ENOTFOUND'))).toEqual({ reason: 'unreachable', detail: 'cannot reach web.whatsapp.com (ENOTFOUND)' })
    expect(closeReasonOf(never('ECONNREFUSED'), '127.0.0.1:7070')).toEqual({ reason: 'unreachable', detail: 'cannot reach 127.0.0.1:7070 (ECONNREFUSED)' })
  })
})
