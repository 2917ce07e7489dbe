import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets } from '../support/databases.ts'
import { eventually } from '../support/eventually.ts'
import { startReceiver, type Receiver } from './receiver.ts'
import { startScriptedWorld, type ScriptedWorld } from './scripted-world.ts'

const env = { WEBHOOK_RETRY_BASE_MS: '30', WEBHOOK_RETRY_MAX_DELAY_MS: '100', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_MAX_ATTEMPTS: '3' }

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`webhook retries, dead letter, redelivery, replay, filters (${kind})`, () => {
    let world: ScriptedWorld
    let receiver: Receiver
    beforeAll(async () => {
      world = await startScriptedWorld({ database: kind, env })
      receiver = await startReceiver()
    })
    afterAll(async () => {
      await world?.close()
      await receiver?.close()
    })
    const api = (method: string, p: string, body?: unknown) => world.gw.request(method, p, { key: world.key, body })
    const hookFor = async (body: Record<string, unknown>) => {
      const response = await api('POST', '/api/webhooks', { name: 'h', url: receiver.url, events: ['message.received'], ...body })
      expect(response.status, JSON.stringify(response.body)).toBe(200)
      return response.body.id as string
    }
    const keyIdsOf = (sessionId: string, from = receiver.received) => from.filter((r) => r.body.sessionId === sessionId).map((r) => r.body.data.keyId as string)

    it('dead-letters after the last attempt, moves the lane on, and redelivers on request with the same id', async () => {
      const { sessionId, connection } = await world.session()
      const webhookId = await hookFor({ sessionId })
      let poisoned: string | undefined
      receiver.respond = (r) => (r.body.data?.keyId === poisoned ? 500 : 200)
      const [first, second, third] = world.receive(connection, 3)
      poisoned = second
      await eventually(() => expect(keyIdsOf(sessionId)).toEqual([first, third]))
      // The outcomes are written in batches: the receiver may have the third before the log has the second's end.
      const dead = await eventually(async () => {
        const { body } = await api('GET', `/api/webhooks/${webhookId}/deliveries?state=dead`)
        expect(body).toHaveLength(1)
        return body
      })
      expect(dead[0]).toMatchObject({ state: 'dead', attempts: 3, lastStatusCode: 500, lastError: 'answered 500', nextAttemptAt: null })
      expect(dead[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500])
      const failedIds = new Set(receiver.requests.filter((r) => r.body.data?.keyId === second).map((r) => r.id))
      expect(failedIds.size).toBe(1)

      poisoned = undefined
      const redelivered = await api('POST', `/api/webhooks/${webhookId}/deliveries/${dead[0].id}/redeliver`, {})
      expect(redelivered.status).toBe(202)
      expect(redelivered.body).toMatchObject({ success: true, delivery: { id: dead[0].id, state: 'pending' } })
      await eventually(() => expect(keyIdsOf(sessionId)).toEqual([first, third, second]))
      expect(receiver.received.find((r) => r.body.data?.keyId === second)!.id).toBe([...failedIds][0])
      const { body: after } = await api('GET', `/api/webhooks/${webhookId}/deliveries/${dead[0].id}`)
      expect(after).toMatchObject({ state: 'delivered', attempts: 4, lastStatusCode: 200, payload: { event: 'message.received', sessionId, data: { keyId: second } } })
      expect((await api('POST', `/api/webhooks/${webhookId}/deliveries/nope/redeliver`, {})).status).toBe(404)
      receiver.respond = () => 200
    })

    it('sends a redelivery while the session keeps the lane busy with new traffic', async () => {
      const { sessionId, connection } = await world.session()
      const webhookId = await hookFor({ sessionId })
      const [old] = world.receive(connection, 1)
      await eventually(() => expect(keyIdsOf(sessionId)).toEqual([old]))
      const { body: log } = await api('GET', `/api/webhooks/${webhookId}/deliveries`)
      let flowing = true
      const flow = (async () => {
        while (flowing) {
          world.receive(connection, 1)
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      })()
      try {
        await new Promise((resolve) => setTimeout(resolve, 200))
        expect((await api('POST', `/api/webhooks/${webhookId}/deliveries/${log[0].id}/redeliver`, {})).status).toBe(202)
        await eventually(() => expect(keyIdsOf(sessionId).filter((k) => k === old)).toHaveLength(2))
        // It came while the traffic still flowed, not after the lane ran dry.
        expect(flowing).toBe(true)
      } finally {
        flowing = false
        await flow
      }
    })

    it('gives up on an attempt after the timeout and logs why', async () => {
      const { sessionId, connection } = await world.session()
      const webhookId = await hookFor({ sessionId })
      let hang = true
      receiver.respond = (r) => (hang && r.body.sessionId === sessionId ? 'hang' : 200)
      const [keyId] = world.receive(connection, 1)
      await eventually(async () => {
        const { body } = await api('GET', `/api/webhooks/${webhookId}/deliveries`)
        expect(body[0].attemptLog[0]).toMatchObject({ statusCode: null, error: 'no answer within 500 ms' })
      })
      hang = false
      await eventually(() => expect(keyIdsOf(sessionId)).toEqual([keyId]))
      receiver.respond = () => 200
    })

    it('replays every event since a position or a time, with the original ids', async () => {
      const { sessionId, connection } = await world.session()
      const webhookId = await hookFor({ sessionId })
      const sent = world.receive(connection, 5)
      await eventually(() => expect(keyIdsOf(sessionId)).toEqual(sent))
      const firstIds = receiver.received.filter((r) => r.body.sessionId === sessionId).map((r) => r.id)
      const { body: log } = await api('GET', `/api/webhooks/${webhookId}/deliveries`)
      const third = log.find((d: { eventId: string }) => d.eventId === firstIds[2])
      const mark = receiver.received.length

      const replay = await api('POST', `/api/webhooks/${webhookId}/replay`, { fromPosition: third.eventPosition })
      expect(replay.status).toBe(202)
      expect(replay.body.replay).toMatchObject({ webhookId, since: null })
      await eventually(async () => expect((await api('GET', `/api/webhooks/${webhookId}/replays/${replay.body.replay.id}`)).body).toMatchObject({ state: 'done', queued: 3 }))
      await eventually(() => expect(keyIdsOf(sessionId, receiver.received.slice(mark))).toEqual(sent.slice(2)))
      expect(receiver.received.slice(mark).map((r) => r.id)).toEqual(firstIds.slice(2))

      const mark2 = receiver.received.length
      const byTime = await api('POST', `/api/webhooks/${webhookId}/replay`, { since: new Date(Date.now() - 60_000).toISOString() })
      expect(byTime.status).toBe(202)
      await eventually(() => expect(keyIdsOf(sessionId, receiver.received.slice(mark2))).toEqual(sent))
      const future = await api('POST', `/api/webhooks/${webhookId}/replay`, { since: new Date(Date.now() + 60_000).toISOString() })
      await eventually(async () => expect((await api('GET', `/api/webhooks/${webhookId}/replays/${future.body.replay.id}`)).body).toMatchObject({ state: 'done', queued: 0 }))
    })

    it('sends only the subscribed events of the bound session, none while paused, and what follows once active again', async () => {
      const a = await world.session()
      const b = await world.session()
      const all = await hookFor({ events: ['*'] })
      const onlyA = await hookFor({ sessionId: a.sessionId, events: ['message.received'] })
      const statusOnly = await hookFor({ events: ['message.status'] })
      const [fromA] = world.receive(a.connection, 1)
      const [fromB] = world.receive(b.connection, 1)
      const delivered = async (webhookId: string) => (await api('GET', `/api/webhooks/${webhookId}/deliveries?event=message.received`)).body.map((d: { payload?: unknown; sessionId: string }) => d.sessionId)
      await eventually(async () => {
        expect((await delivered(all)).sort()).toEqual([a.sessionId, b.sessionId].sort())
        expect(await delivered(onlyA)).toEqual([a.sessionId])
      })
      expect(await delivered(statusOnly)).toEqual([])
      expect(receiver.received.filter((r) => r.body.data?.keyId === fromA)).toHaveLength(2)
      expect(receiver.received.filter((r) => r.body.data?.keyId === fromB)).toHaveLength(1)

      expect((await api('PATCH', `/api/webhooks/${onlyA}`, { isActive: false })).status).toBe(200)
      const [whilePaused] = world.receive(a.connection, 1)
      await eventually(() => expect(receiver.received.filter((r) => r.body.data?.keyId === whilePaused)).toHaveLength(1))
      expect((await api('PATCH', `/api/webhooks/${onlyA}`, { isActive: true })).status).toBe(200)
      const [afterResume] = world.receive(a.connection, 1)
      await eventually(() => expect(receiver.received.filter((r) => r.body.data?.keyId === afterResume)).toHaveLength(2))
      expect(receiver.received.filter((r) => r.body.data?.keyId === whilePaused)).toHaveLength(1)
      for (const id of [all, onlyA, statusOnly]) await api('DELETE', `/api/webhooks/${id}`)
    })

    it("routes a webhook for all sessions by its owner's rights: an owner's own, staff's assigned, a superadmin's every one", async () => {
      const other = await world.user('OWNER')
      const staff = await world.user('STAFF')
      const admin = await world.user('SUPERADMIN')
      const mine = await world.session()
      const theirs = await world.session(other.apiKey)
      const assigned = await world.gw.request('PATCH', `/api/admin/users/${staff.id}`, { key: admin.apiKey, body: { assignedSessionIds: [theirs.sessionId] } })
      expect(assigned.status).toBe(200)
      const hook = async (key: string) => (await world.gw.request('POST', '/api/webhooks', { key, body: { name: 'all', url: receiver.url, events: ['message.received'] } })).body.id as string
      const hooks = { owner: await hook(world.key), staff: await hook(staff.apiKey), admin: await hook(admin.apiKey) }
      const [m] = world.receive(mine.connection, 1)
      const [t] = world.receive(theirs.connection, 1)
      const seen = (keyId: string) => receiver.received.filter((r) => r.body.data?.keyId === keyId).length
      await eventually(() => {
        expect(seen(m!)).toBe(2)
        expect(seen(t!)).toBe(2)
      })
      const sessionsOf = async (key: string, id: string) => (await world.gw.request('GET', `/api/webhooks/${id}/deliveries`, { key })).body.map((d: { sessionId: string }) => d.sessionId)
      expect(await sessionsOf(world.key, hooks.owner)).toEqual([mine.sessionId])
      expect(await sessionsOf(staff.apiKey, hooks.staff)).toEqual([theirs.sessionId])
      expect((await sessionsOf(admin.apiKey, hooks.admin)).sort()).toEqual([mine.sessionId, theirs.sessionId].sort())
      // Unassigned: staff's webhook hears no more of it.
      await world.gw.request('PATCH', `/api/admin/users/${staff.id}`, { key: admin.apiKey, body: { assignedSessionIds: [] } })
      const [t2] = world.receive(theirs.connection, 1)
      await eventually(() => expect(seen(t2!)).toBe(1))
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(await sessionsOf(staff.apiKey, hooks.staff)).toEqual([theirs.sessionId])
    })
  })
}

describe('webhook retries across a restart (PGlite data directory)', () => {
  it('keeps pending deliveries and their order through a shutdown, and delivers them after the start', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wag-wh-restart-'))
    const receiver = await startReceiver()
    try {
      let world = await startScriptedWorld({ dataDir, env: { ...env, WEBHOOK_MAX_ATTEMPTS: '1000', ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'password-123' } })
      const key = world.key
      const { sessionId, connection } = await world.session()
      await world.gw.request('POST', '/api/webhooks', { key, body: { name: 'h', url: receiver.url, sessionId, events: ['message.received'] } })
      await receiver.down()
      const sent = world.receive(connection, 25)
      await eventually(async () => {
        const log = (await world.gw.request('GET', `/api/webhooks`, { key })).body
        const deliveries = (await world.gw.request('GET', `/api/webhooks/${log[0].id}/deliveries?limit=100`, { key })).body
        expect(deliveries).toHaveLength(25)
        expect(deliveries.at(-1).attempts).toBeGreaterThan(0)
      })
      await world.close()

      await receiver.up()
      world = await startScriptedWorld({ dataDir, env: { ...env, WEBHOOK_MAX_ATTEMPTS: '1000', ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'password-123' } })
      await eventually(() => expect(receiver.received.filter((r) => r.body.sessionId === sessionId).map((r) => r.body.data.keyId)).toEqual(sent), { timeoutMs: 20_000 })
      await world.close()
    } finally {
      await receiver.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
