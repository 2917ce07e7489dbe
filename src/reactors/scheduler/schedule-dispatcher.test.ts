import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { eventually } from '../../../tests/support/eventually.ts'
import { ScriptedDriver } from '../../../tests/support/scripted-driver.ts'
import { hostedSessionCommands } from '../../actors/hosted-session-commands.ts'
import { SessionRegistry } from '../../actors/session-registry.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { scheduleDecider } from '../../domain/scheduler/schedule-decider.ts'
import { scheduleStreamId } from '../../domain/scheduler/schedule-events.ts'
import { InProcessBus } from '../../infra/bus/in-process-bus.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { PostgresIdempotencyStore } from '../../infra/idempotency/postgres-idempotency-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import { GuardedMediaResolver } from '../../infra/media/guarded-media-resolver.ts'
import { LocalPlacement } from '../../infra/placement/local-placement.ts'
import { ProjectionRunner } from '../../consumers/projection-runner.ts'
import { ScheduleDispatcher } from './schedule-dispatcher.ts'
import { schedulesProjection } from '../../projections/scheduler/schedules-projection.ts'

describe('two dispatchers that both believe they run the session (a failover overlap)', () => {
  let test: TestDatabase
  beforeAll(async () => {
    test = await openTestDatabase('pglite')
  })
  afterAll(() => test?.close())

  it('send each schedule once', async () => {
    const store = new PostgresEventStore(test.db)
    const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [schedulesProjection] })
    await runner.start()
    const node = async (nodeId: string) => {
      const driver = new ScriptedDriver()
      const registry = new SessionRegistry({
        store,
        bus: new InProcessBus(),
        driver,
        placement: new LocalPlacement(), // each node believes it owns every session: the split brain under test
        logger: silentLogger,
        nodeId,
        media: new GuardedMediaResolver({ allowPrivateNetworks: false }),
        idempotency: new PostgresIdempotencyStore(test.db),
        pacing: { minIntervalMs: 0, jitterMs: 0 },
      })
      const dispatcher = new ScheduleDispatcher({ store, db: test.db, sessions: hostedSessionCommands(registry), bus: new InProcessBus(), logger: silentLogger, nodeId, misfireGraceMs: 60_000, maxSleepMs: 50 })
      return { driver, registry, dispatcher }
    }
    const a = await node('node-a')
    const b = await node('node-b')
    await a.registry.create({ id: 'c-s1', sessionId: 's1', userId: 'u1', name: 'Phone' }, { actor: { kind: 'user', id: 'u1' } })
    await b.registry.adopt('s1')
    for (const n of [a, b]) {
      const connection = await n.driver.connection('s1')
      connection.sendDelayMs = 150 // both nodes are surely mid-send at the same time
      connection.emit({ type: 'open', me: { jid: '62800@s.whatsapp.net' } })
    }
    await eventually(() => expect([a.registry.get('s1')?.status, b.registry.get('s1')?.status]).toEqual(['CONNECTED', 'CONNECTED']))

    const ids = Array.from({ length: 10 }, (_, n) => `sched-${n}`)
    for (const id of ids) {
      await handleCommand(
        store,
        scheduleStreamId(id),
        scheduleDecider,
        {
          type: 'CreateSchedule',
          data: {
            id,
            sessionId: 's1',
            userId: 'u1',
            jid: `6281${id.length}${id.slice(-1)}0000@s.whatsapp.net`,
            content: id,
            mediaUrl: null,
            mediaType: null,
            sendAt: new Date(Date.now() + 300).toISOString(),
            requested: { sendAt: 'now', timeZone: 'UTC' },
          },
        },
        {},
      )
    }
    a.dispatcher.start()
    b.dispatcher.start()
    await eventually(async () => {
      const rows = await test.db.selectFrom('schedules').select('status').where('id', 'in', ids).execute()
      expect(rows.map((r: { status: string }) => r.status)).toEqual(Array(10).fill('SENT'))
    })
    const sends = [...a.driver.connections, ...b.driver.connections].flatMap((c) => c.sent.map((m) => (m.content as { text: string }).text))
    expect(sends.sort()).toEqual([...ids].sort())
    await Promise.all([a.dispatcher.stop(), b.dispatcher.stop(), a.registry.shutdown(), b.registry.shutdown(), runner.stop()])
  })
})
