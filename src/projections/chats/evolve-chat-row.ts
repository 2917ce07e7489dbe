import type { Selectable } from 'kysely'
import {
  ContactEventTypes,
  GroupEventTypes,
  type ContactUpdateData,
  type GroupUpdateData,
  type MessageData,
} from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { ChatEventTypes, type ChatUpdateData } from '../../domain/messages/chat-events.ts'
import type { ChatsTable } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'
import { STATUS_JID } from '../../domain/messages/jid.ts'

export type ChatRow = Selectable<ChatsTable>

const sessionOf = (event: StoredEvent) => requireIdOfStream(event.streamId, 'messages')
const isGroup = (jid: string) => jid.endsWith('@g.us')

/** A chat's key in a batch: its session and JID. */
export const chatKey = (sessionId: string, jid: string) => JSON.stringify([sessionId, jid])
export const parseChatKey = (key: string) => JSON.parse(key) as [sessionId: string, jid: string]

/** The chat an event is about; none for status updates and messages that are not shown (OTHER). */
export function chatKeysOf(event: StoredEvent): string[] {
  const d = event.data as Partial<MessageData> & { jid?: string }
  if (event.type === ContactEventTypes.update || event.type === GroupEventTypes.update || event.type === ChatEventTypes.update) return [chatKey(sessionOf(event), d.jid!)]
  if (d.remoteJid === STATUS_JID || d.type === 'OTHER') return []
  return [chatKey(sessionOf(event), d.remoteJid!)]
}

/** One chat's row after one event: names and pictures as they change, the newest message. */
export function evolveChatRow(row: ChatRow | undefined, event: StoredEvent, key: string): ChatRow {
  const [sessionId, jid] = parseChatKey(key)
  const base: ChatRow = row ?? {
    session_id: sessionId,
    jid,
    is_group: isGroup(jid),
    name: null,
    notify: null,
    profile_pic: null,
    last_message: null,
    last_message_at: null,
    last_position: null,
    archived: false,
    pinned_at: null,
    muted_until: null,
    unread_count: 0,
    marked_unread: false,
    cleared_position: null,
    updated_at: event.occurredAt,
  }
  if (event.type === ChatEventTypes.update) return evolveChatState(base, event.data as ChatUpdateData, event)
  if (event.type === ContactEventTypes.update) {
    const c = event.data as ContactUpdateData
    return {
      ...base,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.notify !== undefined ? { notify: c.notify } : {}),
      ...(c.imgUrl !== undefined ? { profile_pic: c.imgUrl } : {}),
      updated_at: event.occurredAt,
    }
  }
  if (event.type === GroupEventTypes.update) {
    const g = event.data as GroupUpdateData
    return { ...base, ...(g.subject !== undefined ? { name: g.subject } : {}), updated_at: event.occurredAt }
  }
  const m = event.data as MessageData
  const at = new Date(m.timestamp * 1000)
  // A contact's push name comes with their messages in one-to-one chats.
  const notify = (!m.fromMe && !isGroup(m.remoteJid) ? m.pushName : null) ?? base.notify
  // Each message received is unread until the chat is read; writing in a chat reads it, as on a phone.
  const unread = m.fromMe ? { unread_count: 0, marked_unread: false } : { unread_count: base.unread_count + (m.type === 'REACTION' ? 0 : 1) }
  // Only a newer message replaces the last one: events of one chat may come from several devices.
  if (base.last_message_at && base.last_message_at > at) return { ...base, notify, ...(m.fromMe ? {} : unread), updated_at: event.occurredAt }
  return {
    ...base,
    notify,
    ...unread,
    last_message: { content: m.text, timestamp: at.toISOString(), type: m.type, fromMe: m.fromMe },
    last_message_at: at,
    last_position: event.position,
    updated_at: event.occurredAt,
  }
}

/** A chat's state after a chat.update: archived, pinned, muted, read or marked unread, deleted. */
function evolveChatState(base: ChatRow, c: ChatUpdateData, event: StoredEvent): ChatRow {
  const at = event.occurredAt
  if (c.deleted) {
    // The conversation is gone from the account (its messages until now too); the contact (name, picture) stays.
    return { ...base, last_message: null, last_message_at: null, last_position: null, archived: false, pinned_at: null, unread_count: 0, marked_unread: false, cleared_position: event.position, updated_at: at }
  }
  return {
    ...base,
    ...(c.archived !== undefined ? { archived: c.archived } : {}),
    ...(c.pinnedAt !== undefined ? { pinned_at: c.pinnedAt ? new Date(c.pinnedAt) : null } : {}),
    ...(c.mutedUntil !== undefined ? { muted_until: c.mutedUntil ? new Date(c.mutedUntil) : null } : {}),
    ...(c.read === true ? { unread_count: 0, marked_unread: false } : c.read === false ? { marked_unread: true } : {}),
    updated_at: at,
  }
}
