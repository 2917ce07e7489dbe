import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { ConflictError } from '../../domain/errors.ts'
import { sessionStreamId } from '../../domain/session/session-events.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import { SessionStreamWriter } from './session-stream-writer.ts'

describe('a session stream writer (the one command handler on a held state)', () => {
  let test: TestDatabase
  let store: PostgresEventStore
  beforeAll(async () => {
    test = await openTestDatabase('pglite')
    store = new PostgresEventStore(test.db)
  })
  afterAll(() => test?.close())

  it('writes with the node in the metadata, and refolds when another writer moved the stream under it', async () => {
    const deps = (nodeId: string) => ({ store, nodeId, log: silentLogger })
    const a = await SessionStreamWriter.load('s1', deps('node-a'))
    await a.write({ type: 'CreateSession', data: { id: 'c1', sessionId: 's1', userId: 'u1', name: 'Phone' } }, { actor: { kind: 'user', id: 'u1' } })
    expect(a.state).toMatchObject({ exists: true, revision: 0 })
    expect(a.lastPosition).not.toBeNull()

    const b = await SessionStreamWriter.load('s1', deps('node-b')) // a takeover: b now writes too
    await b.write({ type: 'UpdateSessionSettings', data: { patch: { readReceipts: true } } }, {})
    await a.write({ type: 'UpdateSessionSettings', data: { patch: { ghostMode: true } } }, {}) // decided on a stale state first
    expect(a.state).toMatchObject({ revision: 2, config: { readReceipts: true, ghostMode: true } })

    const stored = await store.readStream(sessionStreamId('s1'))
    expect(stored.map((e) => [e.type, e.metadata.nodeId, e.metadata.schemaVersion])).toEqual([
      ['session.created', 'node-a', 1],
      ['session.settings.updated', 'node-b', 1],
      ['session.settings.updated', 'node-a', 1],
    ])
    await expect(a.write({ type: 'CreateSession', data: { id: 'c2', sessionId: 's1', userId: 'u1', name: 'Again' } }, {})).rejects.toBeInstanceOf(ConflictError)
  })
})
