/**
 * The switchboard: which connection is logged in as which linked device, and delivery of stanzas
 * to devices, live when the device is connected, otherwise queued for its next login (WhatsApp
 * then replays them marked `offline`). A stanza sent live stays in flight until the client acks
 * it; if the connection dies first, it is queued again (nothing is lost when a client drops).
 */
import type { BinaryNode } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Connection } from './connection.ts'
import type { LinkedDevice, PhoneState } from './model.ts'
import type { World } from './world.ts'

export type DeviceSession = { phone: PhoneState; device: LinkedDevice }

export type Delivery = 'sent' | 'queued'

export type Hub = {
  /** Binds a logged-in connection to its device; returns the connection it replaces, if any. */
  bind(conn: Connection, session: DeviceSession): Connection | undefined
  unbind(conn: Connection): void
  sessionOf(conn: Connection): DeviceSession | undefined
  live(phonePn: string, deviceId: number): Connection | undefined
  liveForPhone(phonePn: string): Connection[]
  all(): Connection[]
  track(conn: Connection): void
  untrack(conn: Connection): void
  deliver(phone: PhoneState, device: LinkedDevice, node: BinaryNode): Delivery
  /** Sends the device's queued stanzas (marked offline) on its new connection; returns how many. */
  flushPending(conn: Connection, session: DeviceSession): number
  /**
   * A client's `<ack>` (or, for a message, its receipt: Baileys acks a message it processed by
   * sending a receipt): the stanza is no longer in flight.
   */
  acknowledge(conn: Connection, ack: { tag: string; id: string | undefined; type?: string | undefined; participant?: string | undefined }): void
}

const deviceKey = (pn: string, deviceId: number) => `${pn}:${deviceId}`

/** Identifies a stanza by what its ack echoes: class (tag), id, and for receipts type and participant. */
const stanzaKey = (tag: string, id: string | undefined, type?: string, participant?: string) =>
  `${tag}|${id ?? ''}|${tag === TAG.receipt ? `${type ?? ''}|${participant ?? ''}` : ''}`

export function createHub(world: World): Hub {
  const connections = new Set<Connection>()
  const byDevice = new Map<string, Connection>()
  const sessions = new WeakMap<Connection, DeviceSession>()
  const inflight = new WeakMap<Connection, Map<string, BinaryNode>>()

  const sendTracked = (conn: Connection, node: BinaryNode, wire: BinaryNode = node) => {
    let pending = inflight.get(conn)
    if (!pending) inflight.set(conn, (pending = new Map()))
    pending.set(stanzaKey(node.tag, node.attrs.id, node.attrs.type, node.attrs.participant), node)
    conn.send(wire)
  }

  const live = (pn: string, deviceId: number) => {
    const conn = byDevice.get(deviceKey(pn, deviceId))
    return conn?.isOpen ? conn : undefined
  }

  return {
    bind(conn, session) {
      const key = deviceKey(session.phone.pn, session.device.id)
      const previous = byDevice.get(key)
      byDevice.set(key, conn)
      sessions.set(conn, session)
      return previous && previous !== conn ? previous : undefined
    },
    unbind(conn) {
      const session = sessions.get(conn)
      if (!session) return
      const key = deviceKey(session.phone.pn, session.device.id)
      if (byDevice.get(key) === conn) byDevice.delete(key)
      const unacked = [...(inflight.get(conn)?.values() ?? [])]
      inflight.delete(conn)
      if (!unacked.length || !world.findDevice(session.phone, session.device.id)) return
      const successor = live(session.phone.pn, session.device.id)
      if (successor && successor !== conn && !successor.silent) {
        for (const node of unacked) sendTracked(successor, node, { ...node, attrs: { ...node.attrs, offline: '1' } })
      } else {
        session.device.pending.unshift(...unacked)
        world.save(session.phone)
      }
    },
    acknowledge(conn, { tag, id, type, participant }) {
      inflight.get(conn)?.delete(stanzaKey(tag, id, type, participant))
    },
    sessionOf: conn => sessions.get(conn),
    live,
    liveForPhone: pn => [...connections].filter(conn => conn.isOpen && sessions.get(conn)?.phone.pn === pn),
    all: () => [...connections],
    track: conn => void connections.add(conn),
    untrack: conn => void connections.delete(conn),
    deliver(phone, device, node) {
      const conn = live(phone.pn, device.id)
      if (conn && !conn.silent) {
        sendTracked(conn, node)
        return 'sent'
      }
      device.pending.push(node)
      world.save(phone)
      return 'queued'
    },
    flushPending(conn, { phone, device }) {
      const pending = device.pending.splice(0)
      if (!pending.length) return 0
      world.save(phone)
      for (const node of pending) {
        // Stanzas stored while the device was away arrive flagged as offline, as WhatsApp does.
        sendTracked(conn, node, { ...node, attrs: { ...node.attrs, offline: '1' } })
      }
      return pending.length
    },
  }
}
