/**
 * What linked devices asked of their account, for tests to assert: each group query (w:g2) with its
 * outcome, and each app-state patch (w:sync:app:state set: archive, pin, mute, read, delete...)
 * decoded with the phone's app-state key. Kept in memory, per sandbox, bounded.
 */
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Core } from './core.ts'
import { createMessageLog, type LogRecord, type MessageLog } from './message-log.ts'

const LIMIT = 2000

export type GroupQueryRecord = LogRecord & {
  /** The phone (PN digits) whose device asked. */
  phone: string
  device: number
  /** The group's JID, or `@g.us` for create, leave, join by code. */
  to: string
  type: 'get' | 'set'
  /** The operation: add, remove, promote, demote, subject, description, announcement, locked, invite, leave, create, query... */
  op: string
  attrs: Record<string, string>
  /** The participants the query names (add/remove/promote/demote), as sent. */
  participants: string[]
  /** The text of subject / description. */
  text: string | null
  /** The answer for each participant: its jid and error code ('200' when done). */
  results: Array<{ jid: string; status: string }>
  /** 'ok', or the error code the iq was answered with. */
  outcome: string
  at: number
}

export type AppStateMutation = {
  operation: 'set' | 'remove'
  /** The mutation's index, e.g. ["archive", "6281…@s.whatsapp.net"]. */
  index: string[]
  /** The action's name in the value (archiveChatAction, pinAction, muteAction, markChatAsReadAction, deleteChatAction...). */
  action: string | null
  /** The action's fields (e.g. { archived: true }), as JSON. */
  value: Record<string, unknown> | null
}

export type AppStatePatchRecord = LogRecord & {
  phone: string
  device: number
  collection: string
  version: number
  /** Decoded with the phone's app-state key; empty when the key is not the phone's. */
  mutations: AppStateMutation[]
  at: number
}

type Logs = { groupQueries: MessageLog<GroupQueryRecord>; appStatePatches: MessageLog<AppStatePatchRecord> }
const logsOf = new WeakMap<Core, Logs>()

export function accountQueries(core: Core): Logs {
  let logs = logsOf.get(core)
  if (!logs) {
    let seq = 0
    const options = { nextSeq: () => ++seq, limit: LIMIT, onChange: () => undefined }
    logs = {
      groupQueries: createMessageLog<GroupQueryRecord>({ records: [], ...options }),
      appStatePatches: createMessageLog<AppStatePatchRecord>({ records: [], ...options }),
    }
    logsOf.set(core, logs)
  }
  return logs
}

export const textOf = (content: BinaryNode['content']): string | null =>
  content instanceof Uint8Array ? Buffer.from(content).toString() : typeof content === 'string' ? content : null
