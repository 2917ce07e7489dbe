import { randomUUID } from 'node:crypto'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../../../tests/support/eventually.ts'
import { NATS_URL } from '../../../tests/support/nats.ts'
import { LocalPlacement } from './local-placement.ts'
import { NatsKvPlacement } from './nats-kv-placement.ts'

describe('local placement', () => {
  it('owns every session', async () => {
    const placement = new LocalPlacement()
    expect(await placement.claim('a')).toBe(true)
    expect(await placement.claim('a')).toBe(true)
  })
})

describe.skipIf(!NATS_URL)('NATS KV placement', () => {
  let nc: NatsConnection
  const ttlMs = 1500
  const open = (nodeId: string, bucket: string) => NatsKvPlacement.open({ connection: nc, nodeId, ttlMs, bucket })
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL })
  })
  afterAll(() => nc?.close())

  it('lets one node hold a session; release hands it over', async () => {
    const bucket = `test_leases_${randomUUID().slice(0, 8)}`
    const a = await open('node-a', bucket)
    const b = await open('node-b', bucket)
    expect(await a.claim('s1')).toBe(true)
    expect(await a.claim('s1')).toBe(true)
    expect(await b.claim('s1')).toBe(false)
    await a.release('s1')
    expect(await b.claim('s1')).toBe(true)
    expect(await a.claim('s1')).toBe(false)
    await Promise.all([a.close(), b.close()])
  })

  it('keeps a renewed lease past its TTL, and frees a dead node\'s lease after it', async () => {
    const bucket = `test_leases_${randomUUID().slice(0, 8)}`
    const a = await open('node-a', bucket)
    const b = await open('node-b', bucket)
    expect(await a.claim('s2')).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 2))
    expect(await b.claim('s2')).toBe(false)
    await a.close() // node a dies: no more renewals
    await eventually(async () => expect(await b.claim('s2')).toBe(true), { timeoutMs: ttlMs * 4, intervalMs: 200 })
    await b.close()
  })

  it('tells the node that lost a lease taken over elsewhere', async () => {
    const bucket = `test_leases_${randomUUID().slice(0, 8)}`
    const a = await open('node-a', bucket)
    const lost: string[] = []
    a.onLost((sessionId) => lost.push(sessionId))
    expect(await a.claim('s3')).toBe(true)
    // Another node takes the key over behind a's back (e.g. after a long pause of a).
    const kv = await new (await import('@nats-io/kv')).Kvm(nc).open(bucket)
    await kv.put('s3', 'node-b')
    await eventually(() => expect(lost).toEqual(['s3']), { timeoutMs: ttlMs * 3 })
    await a.close()
  })

  it('renews at the bucket\'s TTL when a node was configured with another one', async () => {
    const bucket = `test_leases_${randomUUID().slice(0, 8)}`
    const first = await open('node-a', bucket)
    const slower = await NatsKvPlacement.open({ connection: nc, nodeId: 'node-b', ttlMs: ttlMs * 10, bucket })
    expect(slower.ttlMs).toBe(ttlMs)
    const lost: string[] = []
    slower.onLost((sessionId) => lost.push(sessionId))
    expect(await slower.claim('s5')).toBe(true)
    // Renewing every 5 s (its own setting) would let the 1.5 s lease expire and node-a take it.
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 2))
    expect(await first.claim('s5')).toBe(false)
    expect(lost).toEqual([])
    await Promise.all([first.close(), slower.close()])
  })

  it('gives a restarted node (same NODE_ID) its unexpired leases back', async () => {
    const bucket = `test_leases_${randomUUID().slice(0, 8)}`
    const before = await open('node-a', bucket)
    expect(await before.claim('s4')).toBe(true)
    await before.close()
    const after = await open('node-a', bucket)
    expect(await after.claim('s4')).toBe(true)
    await after.close()
  })
})
