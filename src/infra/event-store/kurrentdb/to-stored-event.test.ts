import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { PositionNotEncodableError } from './kurrentdb-position.ts'
import { toStoredEvent } from './to-stored-event.ts'

const created = new Date('2026-12-01T10:00:00.123Z')
const recorded = (overrides: Record<string, unknown> = {}) =>
  ({
    event: {
      streamId: 'session-1',
      id: '5b0c9a7e-2f43-4c8e-9d59-1f2a7f3c6e01',
      isJson: true,
      revision: 3n,
      type: 'session.connected',
      created,
      data: { jid: '628123@s.whatsapp.net', list: [1, null] },
      metadata: { actor: { kind: 'system', id: 'whatsapp' }, correlationId: 'c-1' },
      position: { commit: 4096n, prepare: 4096n },
      ...overrides,
    },
  }) as AllStreamResolvedEvent

describe('a KurrentDB event as a stored event', () => {
  it('keeps the envelope: id, type, stream, revision, server time as occurredAt, data and metadata', () => {
    expect(toStoredEvent(recorded())).toEqual({
      id: '5b0c9a7e-2f43-4c8e-9d59-1f2a7f3c6e01',
      type: 'session.connected',
      streamId: 'session-1',
      revision: 3,
      position: 8193n,
      occurredAt: created,
      data: { jid: '628123@s.whatsapp.net', list: [1, null] },
      metadata: { actor: { kind: 'system', id: 'whatsapp' }, correlationId: 'c-1' },
    })
  })

  it('reads absent metadata as empty', () => {
    expect(toStoredEvent(recorded({ metadata: undefined })).metadata).toEqual({})
  })

  it('refuses what this store never writes: binary events, unresolved links, unaddressable positions', () => {
    expect(() => toStoredEvent(recorded({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not JSON/)
    expect(() => toStoredEvent({} as AllStreamResolvedEvent)).toThrow(/link without its event/)
    expect(() => toStoredEvent(recorded({ position: { commit: 5000n, prepare: 4200n } }))).toThrow(PositionNotEncodableError)
  })
})
