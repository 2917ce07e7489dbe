/**
 * What clients tell about themselves: `<presence type="available|unavailable"/>` (online / offline) and
 * `<chatstate to><composing/>|<composing media="audio"/>|<paused/></chatstate>` (typing, recording,
 * stopped in a chat). WhatsApp would relay them to the chat's devices; the sandbox keeps a log, so
 * tests can see what a client sent (virtual users do not look).
 */
import { getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Core } from './core.ts'
import type { DeviceSession } from './hub.ts'
import { createMessageLog, type MessageLog } from './message-log.ts'
import type { PresenceType } from './presence.ts'

export type ClientPresenceRecord = {
  seq: number
  id: string
  /** The client's phone (PN digits) and device. */
  phone: string
  device: number
  /** The chat a chatstate is for, as the client addressed it; absent for presence. */
  to?: string
  type: PresenceType
  at: string
}

const logs = new WeakMap<Core, MessageLog<ClientPresenceRecord>>()

export function clientPresenceLog(core: Core): MessageLog<ClientPresenceRecord> {
  let log = logs.get(core)
  if (!log) {
    let seq = 0
    logs.set(core, (log = createMessageLog<ClientPresenceRecord>({ records: [], nextSeq: () => ++seq, limit: 1000, onChange: () => {} })))
  }
  return log
}

/** Logs a client's presence or chatstate stanza (others are ignored). */
export function recordClientPresence(core: Core, session: DeviceSession, node: BinaryNode): void {
  const type = presenceTypeOf(node)
  if (!type) return
  clientPresenceLog(core).append({
    id: `${session.phone.pn}:${session.device.id}:${Date.now()}`,
    phone: session.phone.pn,
    device: session.device.id,
    ...(node.tag === TAG.chatstate && node.attrs.to ? { to: node.attrs.to } : {}),
    type,
    at: new Date().toISOString(),
  })
}

function presenceTypeOf(node: BinaryNode): PresenceType | undefined {
  if (node.tag === TAG.presence) return node.attrs.type === 'unavailable' ? 'unavailable' : node.attrs.type === 'available' || !node.attrs.type ? 'available' : undefined
  if (node.tag !== TAG.chatstate) return undefined
  const [state] = getBinaryNodeChildren(node, 'composing').length > 0 ? getBinaryNodeChildren(node, 'composing') : getBinaryNodeChildren(node, 'paused')
  if (!state) return undefined
  if (state.tag === 'paused') return 'paused'
  return state.attrs.media === 'audio' ? 'recording' : 'composing'
}
