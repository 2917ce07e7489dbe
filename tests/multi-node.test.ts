import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SessionRegistry } from '../src/actors/session-registry.ts'
import { NatsBus } from '../src/infra/bus/nats-bus.ts'
import { PostgresEventStore } from '../src/infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../src/infra/logger.ts'
import { NatsKvPlacement } from '../src/infra/placement/nats-kv-placement.ts'
import { GuardedMediaResolver } from '../src/infra/media/guarded-media-resolver.ts'
import { PostgresIdempotencyStore } from '../src/infra/idempotency/postgres-idempotency-store.ts'
import { openTestDatabase, type TestDatabase } from './support/databases.ts'
import { eventually } from './support/eventually.ts'
import { NATS_URL } from './support/nats.ts'
import { DATABASE_URL } from './support/postgres.ts'
import { ScriptedDriver } from './support/scripted-driver.ts'

const TTL_MS = 1500
const me = { jid: '6281200000001@s.whatsapp.net' }

/** Two nodes sharing Postgres and NATS, each with its own bus connection, leases and WhatsApp driver. */
describe.skipIf(!NATS_URL || !DATABASE_URL)('two nodes on NATS and Postgres', () => {
  let test: TestDatabase
  const bucket = `test_leases_${Date.now().toString(36)}`
  const node = async (nodeId: string) => {
    const store = new PostgresEventStore(test.db)
    const bus = await NatsBus.connect({ url: NATS_URL!, name: nodeId })
    const placement = await NatsKvPlacement.open({ connection: bus.connection, nodeId, ttlMs: TTL_MS, bucket })
    const driver = new ScriptedDriver()
    const registry = new SessionRegistry({
      store,
      bus,
      driver,
      placement,
      logger: silentLogger,
      nodeId,
      backoff: { baseMs: 10, maxMs: 50 },
      media: new GuardedMediaResolver({ allowPrivateNetworks: false }),
      idempotency: new PostgresIdempotencyStore(test.db),
    })
    return { store, bus, placement, driver, registry }
  }
  beforeAll(async () => {
    test = await openTestDatabase('postgres')
  })
  afterAll(() => test?.close())

  it('runs a session on one node, serves commands from the other, and fails over when its node dies', async () => {
    const a = await node('node-a')
    const b = await node('node-b')
    const user = { actor: { kind: 'user' as const, id: 'u1' } }
    await a.registry.create({ id: 'c-m1', sessionId: 'm1', userId: 'u1', name: 'Phone' }, user)
    ;(await a.driver.connection('m1')).emit({ type: 'open', me })
    await eventually(() => expect(a.registry.get('m1')?.status).toBe('CONNECTED'))

    // Node b neither runs nor may adopt it, but its commands reach node a over NATS; node a's own
    // commands for it stay on node a.
    const aRequests = vi.spyOn(a.bus, 'request')
    const bRequests = vi.spyOn(b.bus, 'request')
    expect(await b.registry.adoptAll(['m1'])).toBe(0)
    await expect(b.registry.execute('m1', { type: 'session.status' })).resolves.toEqual({ status: 'CONNECTED' })
    expect(bRequests).toHaveBeenCalledWith('session.m1', { type: 'session.status' })
    expect(b.driver.connections).toHaveLength(0)
    await expect(a.registry.execute('m1', { type: 'session.status' })).resolves.toEqual({ status: 'CONNECTED' })
    expect(aRequests).not.toHaveBeenCalled()

    // Node a dies: no shutdown, its bus connection and lease renewals simply stop.
    await a.placement.close()
    await a.bus.close()
    await eventually(async () => expect(await b.registry.adoptAll(['m1'])).toBe(1), { timeoutMs: TTL_MS * 5, intervalMs: 200 })
    const takeover = await b.driver.connection('m1')
    takeover.emit({ type: 'open', me })
    await eventually(() => expect(b.registry.get('m1')?.status).toBe('CONNECTED'))
    await expect(b.registry.execute('m1', { type: 'session.status' })).resolves.toEqual({ status: 'CONNECTED' })

    await b.registry.shutdown()
    await b.placement.close()
    await b.bus.close()
    a.registry.get('m1')?.release()
  }, 30_000)
})
