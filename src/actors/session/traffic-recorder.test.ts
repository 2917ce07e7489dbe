import { describe, expect, it } from 'vitest'
import type { EventStore, NewEvent } from '../../domain/ports/event-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import { TrafficRecorder, WHATSAPP_RECORDER, type TrafficParking } from './traffic-recorder.ts'

type Appended = { streamId: string; events: readonly (NewEvent & { id?: string })[] }

/** A store whose appends fail as `fail` says (per call), then succeed; and a parking that keeps what it gets. */
function world(fail: (events: readonly NewEvent[], call: number) => Error | undefined = () => undefined) {
  const appended: Appended[] = []
  const attempts: Appended[] = []
  let position = 0n
  const store = {
    async append(streamId: string, events: readonly NewEvent[]) {
      attempts.push({ streamId, events })
      const error = fail(events, attempts.length)
      if (error) throw error
      appended.push({ streamId, events })
      position += BigInt(events.length)
      return { position, nextRevision: Number(position) - 1 }
    },
  } as unknown as EventStore
  const parked: Array<{ consumer: string; event: NewEvent & { id: string; streamId: string } }> = []
  const parking: TrafficParking = { park: async (consumer, event) => void parked.push({ consumer, event }) }
  const recorder = new TrafficRecorder('s1', { store, nodeId: 'node-1', log: silentLogger, parking })
  return { recorder, appended, attempts, parked }
}

const received = (n: number): NewEvent => ({ type: 'message.received', data: { n } })
const poison = Object.assign(new Error('invalid byte sequence'), { code: '22021' })
const away = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })

describe('traffic recorder', () => {
  it('records what arrived in the messages stream, in order, caused by WhatsApp, on this node', async () => {
    const { recorder, appended } = world()
    const kept = await Promise.all([recorder.recordReceived([received(1), received(2)]), recorder.recordReceived([received(3)])])
    expect(kept).toEqual([true, true])
    expect(appended.map((a) => a.streamId)).toEqual(['messages-s1', 'messages-s1'])
    expect(appended.flatMap((a) => a.events.map((e) => (e.data as { n: number }).n))).toEqual([1, 2, 3])
    expect(appended[0]!.events[0]!.metadata).toEqual({ schemaVersion: 1, actor: { kind: 'system', id: 'whatsapp' }, nodeId: 'node-1' })
  })

  it('retries a store that is away with the same event ids, so a retry never records twice', async () => {
    const { recorder, appended, attempts } = world((_, call) => (call === 1 ? away : undefined))
    expect(await recorder.recordReceived([received(1)])).toBe(true)
    expect(attempts).toHaveLength(2)
    expect(attempts[1]!.events[0]!.id).toBe(attempts[0]!.events[0]!.id)
    expect(appended).toHaveLength(1)
  })

  it('parks the one event the store refuses and records the others of its batch', async () => {
    const { recorder, appended, parked } = world((events) => (events.some((e) => (e.data as { n: number }).n === 2) ? poison : undefined))
    expect(await recorder.recordReceived([received(1), received(2), received(3)])).toBe(true)
    expect(appended.flatMap((a) => a.events.map((e) => (e.data as { n: number }).n))).toEqual([1, 3])
    expect(parked).toHaveLength(1)
    expect(parked[0]).toMatchObject({ consumer: WHATSAPP_RECORDER, event: { streamId: 'messages-s1', type: 'message.received', data: { n: 2 } } })
  })

  it('parks a sent message whose record is still failing after its deadline; the answer says nothing was written', async () => {
    const { recorder, parked } = world(() => away)
    const cause = { actor: { kind: 'user' as const, id: 'u1' } }
    expect(await recorder.recordSent([{ type: 'message.sent', data: {} }], cause, 0)).toBeNull()
    expect(parked[0]!.event.metadata).toMatchObject({ actor: cause.actor, nodeId: 'node-1' })
  })

  it('gives up retrying once closed: the traffic is not kept', async () => {
    const { recorder, appended } = world(() => away)
    const kept = recorder.recordReceived([received(1)])
    await new Promise((resolve) => setTimeout(resolve, 20))
    recorder.close()
    expect(await kept).toBe(false)
    expect(appended).toEqual([])
  })
})
