import { describe, expect, it } from 'vitest'
import { eventMetadata } from './event-metadata.ts'

describe('eventMetadata', () => {
  const cause = { actor: { kind: 'user' as const, id: 'u1' }, correlationId: 'c1', causationId: 'e1' }

  it('stamps the schema version onto the cause', () => {
    expect(eventMetadata(cause)).toEqual({ schemaVersion: 1, ...cause })
  })

  it('names the node that wrote the event when there is one; it wins over a nodeId in the cause', () => {
    expect(eventMetadata({ ...cause, nodeId: 'elsewhere' }, 'node-a')).toEqual({ schemaVersion: 1, ...cause, nodeId: 'node-a' })
  })

  it('keeps a schema version the cause names', () => {
    expect(eventMetadata({ schemaVersion: 2 })).toEqual({ schemaVersion: 2 })
  })
})
