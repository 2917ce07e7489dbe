import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eventually } from '../../tests/support/eventually.ts'
import { openTestDatabase, type TestDatabase } from '../../tests/support/databases.ts'
import { ScriptedDriver } from '../../tests/support/scripted-driver.ts'
import { SessionNotConnectedError, NotFoundError, ConflictError } from '../domain/errors.ts'
import type { Bus } from '../domain/ports/bus.ts'
import type { StoredEvent } from '../domain/ports/event-store.ts'
import type { ConnectionUpdate } from '../domain/session/session-events.ts'
import { InProcessBus } from '../infra/bus/in-process-bus.ts'
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../infra/logger.ts'
import { LocalPlacement } from '../infra/placement/local-placement.ts'
import { GuardedMediaResolver } from '../infra/media/guarded-media-resolver.ts'
import { PostgresIdempotencyStore } from '../infra/idempotency/postgres-idempotency-store.ts'
import { SessionRegistry } from './session-registry.ts'

const user = { actor: { kind: 'user' as const, id: 'u1' } }
const me = { jid: '6281234567890@s.whatsapp.net', lid: '11111@lid', name: 'Adit' }

describe('session actor and registry (scripted driver, PGlite)', () => {
  let test: TestDatabase
  let store: PostgresEventStore
  let driver: ScriptedDriver
  let registry: SessionRegistry

  const newRegistry = (bus: Bus = new InProcessBus()) =>
    new SessionRegistry({
      store,
      bus,
      driver,
      placement: new LocalPlacement(),
      logger: silentLogger,
      nodeId: 'node-test',
      backoff: { baseMs: 10, maxMs: 40 },
      media: new GuardedMediaResolver({ allowPrivateNetworks: true }),
      idempotency: new PostgresIdempotencyStore(test.db),
      pacing: { minIntervalMs: 0, jitterMs: 0 },
    })
  const updates = async (sessionId: string) =>
    ((await store.readStream(`session-${sessionId}`)).filter((e) => e.type === 'connection.update') as StoredEvent<string, ConnectionUpdate['data']>[]).map(
      (e) => e.data,
    )
  const statuses = async (sessionId: string) => (await updates(sessionId)).map((u) => u.status)
  const create = (sessionId: string) => registry.create({ id: `c-${sessionId}`, sessionId, userId: 'u1', name: 'Phone' }, user)

  beforeAll(async () => {
    test = await openTestDatabase('pglite')
    store = new PostgresEventStore(test.db)
  })
  afterAll(() => test?.close())
  beforeEach(() => {
    driver = new ScriptedDriver()
    registry = newRegistry()
  })
  afterEach(() => registry.shutdown())

  it('creates a session that starts connecting, shows its QR, and records each status with its cause', async () => {
    const result = await create('s1')
    expect(result.position).not.toBeNull()
    const connection = await driver.connection('s1')
    connection.emit({ type: 'qr', qr: 'QR-1' })
    connection.emit({ type: 'qr', qr: 'QR-2' })
    await eventually(async () => expect((await updates('s1')).map((u) => u.qr)).toEqual([null, 'QR-1', 'QR-2']))
    connection.emit({ type: 'open', me })
    await eventually(async () => expect(await statuses('s1')).toEqual(['CONNECTING', 'CONNECTING', 'CONNECTING', 'CONNECTED']))
    const [first] = await store.readStream('session-s1', { fromRevision: 1, maxCount: 1 })
    expect(first!.metadata).toMatchObject({ actor: user.actor, nodeId: 'node-test', schemaVersion: 1 })
    expect((await updates('s1')).at(-1)).toMatchObject({ status: 'CONNECTED', qr: null, me, reason: 'opened' })
    expect(registry.get('s1')!.status).toBe('CONNECTED')
  })

  it('refuses a second session with the same id', async () => {
    await create('dup')
    await expect(create('dup')).rejects.toBeInstanceOf(ConflictError)
  })

  it('reconnects at once when WhatsApp requires a restart (after pairing)', async () => {
    await create('s2')
    const first = await driver.connection('s2')
    first.emit({ type: 'close', reason: 'restart_required' })
    const second = await driver.connection('s2', 2)
    second.emit({ type: 'open', me })
    await eventually(async () => expect((await statuses('s2')).at(-1)).toBe('CONNECTED'))
    expect(first.ended).toBe(true)
    expect(await statuses('s2')).not.toContain('ZOMBIE')
  })

  it('turns a lost connection into ZOMBIE, then heals with backoff and reports CONNECTED only when open again', async () => {
    await create('s3')
    ;(await driver.connection('s3')).emit({ type: 'open', me })
    await eventually(async () => expect(registry.get('s3')!.status).toBe('CONNECTED'))
    ;(await driver.connection('s3')).emit({ type: 'close', reason: 'silent' })
    expect(registry.get('s3')!.status).toBe('ZOMBIE')
    const retry = await driver.connection('s3', 2)
    expect(registry.get('s3')!.status).toBe('ZOMBIE')
    retry.emit({ type: 'close', reason: 'connection_lost' })
    const third = await driver.connection('s3', 3)
    third.emit({ type: 'open', me })
    await eventually(async () => expect(await statuses('s3')).toEqual(['CONNECTING', 'CONNECTED', 'ZOMBIE', 'CONNECTED']))
    const zombie = (await updates('s3'))[2]!
    expect(zombie).toMatchObject({ reason: 'silent', attempt: 1 })
  })

  it('keeps retrying a session that never opened, staying CONNECTING', async () => {
    await create('s4')
    ;(await driver.connection('s4')).emit({ type: 'close', reason: 'connection_lost' })
    ;(await driver.connection('s4', 2)).emit({ type: 'close', reason: 'connection_lost' })
    await driver.connection('s4', 3)
    expect(registry.get('s4')!.status).toBe('CONNECTING')
    expect(new Set(await statuses('s4'))).toEqual(new Set(['CONNECTING']))
  })

  it('logs out: asks WhatsApp to unlink, forgets the credentials, and stays off', async () => {
    await create('s5')
    const connection = await driver.connection('s5')
    connection.emit({ type: 'open', me })
    await eventually(() => expect(registry.get('s5')!.status).toBe('CONNECTED'))
    await registry.execute('s5', { type: 'session.logout', cause: user })
    await eventually(() => expect(driver.removedCredentials).toContain('s5'))
    expect(connection.loggedOut).toBe(true)
    expect(connection.ended).toBe(true)
    await eventually(async () =>
      expect((await updates('s5')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'stopped', reason: 'logout' }),
    )
    expect(driver.connectionsOf('s5')).toHaveLength(1)
  })

  it('ends in DISCONNECTED, credentials gone, when the phone unlinks the device', async () => {
    await create('s6')
    const connection = await driver.connection('s6')
    connection.emit({ type: 'open', me })
    connection.emit({ type: 'close', reason: 'logged_out' })
    await eventually(() => expect(driver.removedCredentials).toContain('s6'))
    await eventually(async () =>
      expect((await updates('s6')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'stopped', reason: 'logged_out' }),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(driver.connectionsOf('s6')).toHaveLength(1)
  })

  it('stops, with a clear reason, when nobody scans the QR codes in time', async () => {
    await create('qr')
    const connection = await driver.connection('qr')
    connection.emit({ type: 'qr', qr: 'QR-1' })
    connection.emit({ type: 'close', reason: 'qr_timeout', detail: '408: QR refs attempts ended' })
    await eventually(async () => expect((await updates('qr')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'stopped', reason: 'qr_timeout', qr: null }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(driver.connectionsOf('qr')).toHaveLength(1)
    expect(driver.removedCredentials).not.toContain('qr')
  })

  it('stops and starts on command; start may ask for a pairing code', async () => {
    await create('s7')
    const first = await driver.connection('s7')
    await registry.execute('s7', { type: 'session.stop', cause: user })
    expect(first.ended).toBe(true)
    expect((await updates('s7')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'stopped', reason: 'stopped' })
    await registry.execute('s7', { type: 'session.start', cause: user, connectOptions: { pairingPhone: '628123' } })
    const second = await driver.connection('s7', 2)
    expect(second.options).toEqual({ pairingPhone: '628123', settings: { readReceipts: false, ghostMode: false, rejectCalls: false, proxy: null } })
    second.emit({ type: 'pairing-code', code: 'ABCD-1234' })
    await eventually(async () => expect((await updates('s7')).at(-1)).toMatchObject({ status: 'CONNECTING', pairingCode: 'ABCD-1234' }))
  })

  it('rebuilds every actor from its stream after a crash: running ones reconnect, stopped ones stay off', async () => {
    await create('run')
    ;(await driver.connection('run')).emit({ type: 'open', me })
    await create('off')
    await registry.execute('off', { type: 'session.stop', cause: user })
    await eventually(async () => expect((await statuses('run')).at(-1)).toBe('CONNECTED'))
    // Crash: the old registry vanishes without recording anything.
    registry = newRegistry()
    const connectionsBefore = driver.connections.length
    await registry.adoptAll(['run'])
    const reconnect = await driver.connection('run', 2)
    expect(driver.connections.length).toBe(connectionsBefore + 1)
    expect((await updates('run')).at(-1)).toMatchObject({ status: 'CONNECTING', desired: 'running' })
    reconnect.emit({ type: 'open', me })
    await eventually(async () => expect((await statuses('run')).at(-1)).toBe('CONNECTED'))
    // A command to the stopped session adopts it here without connecting it.
    await expect(registry.execute('off', { type: 'session.status' })).resolves.toEqual({ status: 'DISCONNECTED' })
    expect(driver.connectionsOf('off')).toHaveLength(1)
  })

  it('records a graceful shutdown as DISCONNECTED but still wanting to run', async () => {
    await create('s8')
    ;(await driver.connection('s8')).emit({ type: 'open', me })
    await eventually(() => expect(registry.get('s8')!.status).toBe('CONNECTED'))
    await registry.shutdown()
    expect((await updates('s8')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'running', reason: 'shutdown' })
    expect(driver.connectionsOf('s8')[0]!.ended).toBe(true)
  })

  it('sends only when connected and records the sent message; records inbound traffic in order', async () => {
    await create('s9')
    const connection = await driver.connection('s9')
    const request = { jid: '628111@s.whatsapp.net', content: { kind: 'text' as const, text: 'Hello!' } }
    await expect(registry.execute('s9', { type: 'session.send', cause: user, request })).rejects.toBeInstanceOf(SessionNotConnectedError)
    connection.emit({ type: 'open', me })
    await eventually(() => expect(registry.get('s9')!.status).toBe('CONNECTED'))
    const sent = await registry.execute<{ keyId: string }>('s9', { type: 'session.send', cause: user, request })
    expect(connection.sent).toEqual([{ jid: request.jid, content: request.content, quoted: undefined, messageId: undefined }])
    for (let n = 0; n < 5; n++) connection.emit({ type: 'traffic', events: [{ type: 'message.received', data: { n } }] })
    await eventually(async () => {
      const traffic = await store.readStream('messages-s9')
      expect(traffic.map((e) => e.type)).toEqual(['message.sent', ...Array(5).fill('message.received')])
      expect(traffic.slice(1).map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4])
      expect(traffic[0]!.data).toMatchObject({ keyId: sent.keyId })
    })
  })

  it('updates settings and deletes: the session is gone afterwards, credentials too', async () => {
    await create('s10')
    const updated = await registry.execute<{ config: { antiDelete: boolean } }>('s10', {
      type: 'session.update-settings',
      cause: user,
      config: { antiDelete: true },
    })
    expect(updated.config.antiDelete).toBe(true)
    await registry.execute('s10', { type: 'session.delete', cause: user })
    expect(driver.removedCredentials).toContain('s10')
    expect(driver.connectionsOf('s10')[0]!.ended).toBe(true)
    expect(registry.get('s10')).toBeUndefined()
    await expect(registry.execute('s10', { type: 'session.status' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(registry.execute('nope', { type: 'session.status' })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('runs a command for a session on this node directly, never through the bus', async () => {
    // Events and serving work as usual; only a command request over the bus would fail.
    const inProcess = new InProcessBus()
    const bus: Bus = {
      publishEvents: (events) => inProcess.publishEvents(events),
      onEvents: (listener) => inProcess.onEvents(listener),
      serve: (address, handler) => inProcess.serve(address, handler),
      request: async (address) => {
        throw new Error(`a command to ${address} went over the bus`)
      },
      ping: () => inProcess.ping(),
      close: () => inProcess.close(),
    }
    await registry.shutdown()
    registry = newRegistry(bus)
    await create('local')
    const connection = await driver.connection('local')
    const request = { jid: '628111@s.whatsapp.net', content: { kind: 'text' as const, text: 'Hi' } }
    // The handler's own errors come back as they are, as through the in-process bus.
    await expect(registry.execute('local', { type: 'session.send', cause: user, request })).rejects.toBeInstanceOf(SessionNotConnectedError)
    connection.emit({ type: 'open', me })
    await eventually(() => expect(registry.get('local')!.status).toBe('CONNECTED'))
    await expect(registry.execute('local', { type: 'session.status' })).resolves.toEqual({ status: 'CONNECTED' })
    const sent = await registry.execute<{ keyId: string }>('local', { type: 'session.send', cause: user, request: { ...request, idempotencyKey: 'k-1' } })
    const again = await registry.execute<{ keyId: string }>('local', { type: 'session.send', cause: user, request: { ...request, idempotencyKey: 'k-1' } })
    expect(again.keyId).toBe(sent.keyId)
    expect(connection.sent).toHaveLength(1)
    await registry.execute('local', { type: 'session.stop', cause: user })
    expect((await updates('local')).at(-1)).toMatchObject({ status: 'DISCONNECTED', desired: 'stopped', reason: 'stopped' })
    // The bus still serves the session's address for the other nodes, with the same handler.
    await expect(inProcess.request('session.local', { type: 'session.status' })).resolves.toEqual({ status: 'DISCONNECTED' })
    // A session this node does not run still goes to the bus, whose failure is not swallowed.
    await expect(registry.execute('elsewhere', { type: 'session.status' })).rejects.toThrow('a command to session.elsewhere went over the bus')
  })
})
