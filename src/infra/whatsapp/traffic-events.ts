import { jidNormalizedUser, WAMessageStatus, WAMessageStubType, type BaileysEventMap, type WAMessage } from '@whiskeysockets/baileys'
import { stableId } from '../../domain/ids.ts'
import {
  ContactEventTypes,
  GroupEventTypes,
  MessageEventTypes,
  type ContactUpdateData,
  type GroupParticipant,
  type GroupParticipantsData,
  type GroupUpdateData,
  type MessageData,
  type MessageReactionData,
  type MessageRevokedData,
  type MessageStatus,
  type MessageStatusData,
  StatusEventTypes,
  type StatusUpdateData,
  PresenceEventTypes,
  type PresenceUpdateData,
} from '../../domain/messages/message-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import { contentAsJson, mediaOf, messageTypeOf, pollOf, quotedKeyIdOf, textOf, unwrap } from './message-content.ts'
import { messageActionEvents, rememberPoll } from './message-action-traffic.ts'
import type { PollBook } from './poll-book.ts'
import { STATUS_JID } from '../../domain/messages/jid.ts'
import { IdentityBook } from './identity-book.ts'

/** Baileys' WAMessageStatus in the seed's words. */
export function statusOf(status: number | null | undefined): MessageStatus | null {
  switch (status) {
    case WAMessageStatus.ERROR:
      return 'FAILED'
    case WAMessageStatus.PENDING:
      return 'PENDING'
    case WAMessageStatus.SERVER_ACK:
      return 'SENT'
    case WAMessageStatus.DELIVERY_ACK:
      return 'DELIVERED'
    case WAMessageStatus.READ:
    case WAMessageStatus.PLAYED:
      return 'READ'
    default:
      return null
  }
}

const seconds = (t: WAMessage['messageTimestamp']) => (t == null ? Math.floor(Date.now() / 1000) : Number(t))

/** A message (received, or sent from this account on any device) as domain data. */
export function messageData(message: WAMessage, origin?: 'gateway' | 'phone', book: IdentityBook = new IdentityBook()): MessageData | null {
  const { key, inner } = unwrap(message.message)
  if (!inner || !key || !message.key.id || !message.key.remoteJid) return null
  const fromMe = Boolean(message.key.fromMe)
  const status = fromMe ? statusOf(message.status) : null
  learnFromKey(book, message.key)
  const remoteJid = book.canonical(message.key.remoteJid)
  const senderJid = book.canonical(message.key.participant ?? null)
  const poll = pollOf(inner)
  return {
    keyId: message.key.id,
    remoteJid,
    remoteJidAlt: book.alternate(remoteJid),
    fromMe,
    senderJid,
    ...(senderJid ? { participant: senderJid, participantAlt: book.alternate(senderJid) } : {}),
    pushName: message.pushName ?? null,
    timestamp: seconds(message.messageTimestamp),
    type: messageTypeOf(key),
    text: textOf(inner),
    content: contentAsJson(message.message),
    quotedKeyId: quotedKeyIdOf(inner, key),
    media: mediaOf(inner),
    ...(poll ? { poll } : {}),
    ...(status ? { status } : {}),
    ...(origin ? { origin } : {}),
  }
}

/** A message key names both addresses of its chat (and of its group writer) when WhatsApp sent both. */
function learnFromKey(book: IdentityBook, key: WAMessage['key']): void {
  book.learn(key.remoteJid, key.remoteJidAlt)
  book.learn(key.participant, key.participantAlt)
}

/**
 * messages.upsert as domain events. `ownSends` holds the ids this connection sent: the gateway records
 * those itself, so here they only contribute the status Baileys folded into its echo of them.
 */
export function upsertEvents(
  sessionId: string,
  upsert: BaileysEventMap['messages.upsert'],
  ownSends: ReadonlyMap<string, string>,
  book: IdentityBook = new IdentityBook(),
  polls?: PollBook,
): NewEvent[] {
  const events: NewEvent[] = []
  for (const message of upsert.messages) {
    const keyId = message.key.id
    if (!message.key.remoteJid || !keyId) continue
    learnFromKey(book, message.key)
    rememberPoll(polls, message, book)
    const remoteJid = book.canonical(message.key.remoteJid)
    if (remoteJid === STATUS_JID) {
      if (message.key.fromMe && ownSends.has(keyId)) continue
      const data = messageData(message, undefined, book)
      if (data) events.push(statusPosted(sessionId, data))
      continue
    }
    if (message.key.fromMe && ownSends.has(keyId)) {
      const status = statusOf(message.status)
      if (status && status !== 'PENDING') events.push(statusEvent(sessionId, { keyId, remoteJid: book.canonical(ownSends.get(keyId) ?? remoteJid), status }))
      continue
    }
    const { key, inner } = unwrap(message.message)
    const revoked = inner?.protocolMessage?.type === 0 /* REVOKE */ ? inner.protocolMessage.key : null
    if (revoked?.id) {
      // revoked.fromMe is the revoker's view; ours: a message is "from me" only when this account revoked its own.
      const fromMe = Boolean(message.key.fromMe) && Boolean(revoked.fromMe)
      events.push(revokedEvent(sessionId, { keyId: revoked.id, remoteJid, fromMe, revokedBy: book.canonical(message.key.participant ?? null) ?? (message.key.fromMe ? 'me' : remoteJid) }))
      continue
    }
    const acted = messageActionEvents(sessionId, message, remoteJid, book, polls)
    if (acted) {
      events.push(...acted)
      continue
    }
    if (key === 'reactionMessage' && inner?.reactionMessage?.key?.id) {
      const data: MessageReactionData = {
        keyId: inner.reactionMessage.key.id,
        remoteJid,
        reaction: inner.reactionMessage.text ?? '',
        fromMe: Boolean(message.key.fromMe),
        senderJid: book.canonical(message.key.participant ?? null),
        timestamp: seconds(message.messageTimestamp),
      }
      events.push({ id: stableId(sessionId, 'reaction', remoteJid, keyId), type: MessageEventTypes.reaction, data })
      continue
    }
    if (!key || key === 'protocolMessage' || key === 'senderKeyDistributionMessage') continue
    const data = messageData(message, message.key.fromMe ? 'phone' : undefined, book)
    if (!data) continue
    const type = data.fromMe ? MessageEventTypes.sent : MessageEventTypes.received
    events.push({ id: stableId(sessionId, type, remoteJid, keyId), type, data })
  }
  return events
}

/** What a send through this connection records: a reaction, a status post, or a sent message. */
export function sentEvents(sessionId: string, sent: WAMessage, audience: number | undefined, book: IdentityBook = new IdentityBook()): NewEvent[] {
  const data = messageData(sent, 'gateway', book)
  if (!data) return []
  if (data.remoteJid === STATUS_JID) return [statusPosted(sessionId, data, audience)]
  const reaction = unwrap(sent.message).inner?.reactionMessage
  if (reaction?.key?.id) {
    const reacted: MessageReactionData = { keyId: reaction.key.id, remoteJid: data.remoteJid, reaction: reaction.text ?? '', fromMe: true, senderJid: null, timestamp: data.timestamp }
    return [{ id: stableId(sessionId, 'reaction', data.remoteJid, data.keyId), type: MessageEventTypes.reaction, data: reacted }]
  }
  return [{ id: stableId(sessionId, MessageEventTypes.sent, data.remoteJid, data.keyId), type: MessageEventTypes.sent, data: { ...data, status: 'PENDING' } }]
}

function statusPosted(sessionId: string, message: MessageData, audience?: number): NewEvent {
  const data: StatusUpdateData = {
    event: 'posted',
    keyId: message.keyId,
    fromMe: message.fromMe,
    senderJid: message.fromMe ? null : (message.senderJid ?? null),
    type: message.type,
    text: message.text,
    content: message.content,
    timestamp: message.timestamp,
    ...(audience !== undefined ? { audience } : {}),
  }
  return { id: stableId(sessionId, StatusEventTypes.update, 'posted', message.keyId), type: StatusEventTypes.update, data }
}

function statusViewed(sessionId: string, keyId: string, viewer: string | null): NewEvent {
  const data: StatusUpdateData = { event: 'viewed', keyId, fromMe: true, senderJid: null, timestamp: Math.floor(Date.now() / 1000), viewedBy: viewer }
  return { id: stableId(sessionId, StatusEventTypes.update, 'viewed', keyId, viewer), type: StatusEventTypes.update, data }
}

/** messages.update: status moves and revokes. Receipts may name the chat by LID; our own sends keep the JID we used. */
export function updateEvents(sessionId: string, updates: BaileysEventMap['messages.update'], ownSends: ReadonlyMap<string, string> = new Map(), book: IdentityBook = new IdentityBook()): NewEvent[] {
  const events: NewEvent[] = []
  for (const { key, update } of updates) {
    if (!key.id || !key.remoteJid) continue
    learnFromKey(book, key)
    if (update.messageStubType === WAMessageStubType.REVOKE || (update.message === null && update.messageStubType != null)) {
      events.push(revokedEvent(sessionId, { keyId: key.id, remoteJid: book.canonical(key.remoteJid), fromMe: Boolean(key.fromMe), revokedBy: book.canonical(key.participant ?? null) }))
      continue
    }
    const status = statusOf(update.status)
    if (key.remoteJid === STATUS_JID) {
      if (status === 'READ') events.push(statusViewed(sessionId, key.id, key.participant ?? null))
      continue
    }
    if (status && status !== 'PENDING') events.push(statusEvent(sessionId, { keyId: key.id, remoteJid: book.canonical(ownSends.get(key.id) ?? key.remoteJid), status }))
  }
  return events
}

/** message-receipt.update: receipts of group members. */
export function receiptEvents(sessionId: string, receipts: BaileysEventMap['message-receipt.update'], ownSends: ReadonlyMap<string, string> = new Map(), book: IdentityBook = new IdentityBook()): NewEvent[] {
  return receipts.flatMap(({ key, receipt }) => {
    if (!key.id || !key.remoteJid) return []
    learnFromKey(book, key)
    const status: MessageStatus | null = receipt.readTimestamp || receipt.playedTimestamp ? 'READ' : receipt.receiptTimestamp ? 'DELIVERED' : null
    if (key.remoteJid === STATUS_JID) return status === 'READ' ? [statusViewed(sessionId, key.id, receipt.userJid ?? null)] : []
    const remoteJid = book.canonical(ownSends.get(key.id) ?? key.remoteJid)
    return status ? [statusEvent(sessionId, { keyId: key.id, remoteJid, status, participant: book.canonical(receipt.userJid ?? null) })] : []
  })
}

export function statusEvent(sessionId: string, data: MessageStatusData): NewEvent {
  return {
    id: stableId(sessionId, MessageEventTypes.status, data.remoteJid, data.keyId, data.status, data.participant),
    type: MessageEventTypes.status,
    data,
  }
}

function revokedEvent(sessionId: string, data: MessageRevokedData): NewEvent {
  return { id: stableId(sessionId, MessageEventTypes.revoked, data.remoteJid, data.keyId), type: MessageEventTypes.revoked, data }
}

export function contactEvents(contacts: BaileysEventMap['contacts.upsert'] | BaileysEventMap['contacts.update'], book: IdentityBook = new IdentityBook()): NewEvent[] {
  return contacts.flatMap((contact) => {
    book.learn(contact.id, contact.phoneNumber)
    book.learn(contact.id, contact.lid)
    const jid = book.canonical(contact.phoneNumber ?? contact.id)
    if (!jid) return []
    const lid = contact.lid ?? book.alternate(jid)
    const data: ContactUpdateData = {
      jid: jidNormalizedUser(jid),
      ...(lid ? { lid: jidNormalizedUser(lid) } : {}),
      ...(contact.name !== undefined ? { name: contact.name ?? null } : {}),
      ...(contact.notify !== undefined ? { notify: contact.notify ?? null } : {}),
      ...(contact.imgUrl !== undefined && contact.imgUrl !== 'changed' ? { imgUrl: contact.imgUrl ?? null } : {}),
    }
    return [{ type: ContactEventTypes.update, data }]
  })
}

type GroupMetadataLike = Partial<BaileysEventMap['groups.upsert'][number]>

export function groupData(group: GroupMetadataLike & { id: string }, book: IdentityBook = new IdentityBook()): GroupUpdateData {
  for (const p of group.participants ?? []) {
    book.learn(p.id, p.phoneNumber)
    book.learn(p.id, p.lid)
  }
  book.learn(group.owner, group.ownerPn)
  return {
    jid: group.id,
    ...(group.subject !== undefined ? { subject: group.subject } : {}),
    ...(group.desc !== undefined ? { description: group.desc ?? null } : {}),
    ...(group.owner !== undefined || group.ownerPn !== undefined ? { ownerJid: book.canonical(group.ownerPn ?? group.owner ?? null) } : {}),
    ...(group.participants
      ? {
          participants: group.participants.map(
            (p): GroupParticipant => ({ id: book.canonical(p.phoneNumber ?? p.id), admin: p.admin === 'admin' || p.admin === 'superadmin' ? p.admin : null }),
          ),
        }
      : {}),
    ...(group.creation !== undefined ? { creation: group.creation ? new Date(group.creation * 1000).toISOString() : null } : {}),
    ...(group.restrict !== undefined ? { restrict: Boolean(group.restrict) } : {}),
    ...(group.announce !== undefined ? { announce: Boolean(group.announce) } : {}),
    ...(group.inviteCode !== undefined ? { inviteCode: group.inviteCode ?? null } : {}),
  }
}

export function groupEvents(groups: readonly (GroupMetadataLike & { id?: string })[], book: IdentityBook = new IdentityBook()): NewEvent[] {
  return groups.flatMap((g) => (g.id ? [{ type: GroupEventTypes.update, data: groupData(g as GroupMetadataLike & { id: string }, book) }] : []))
}

/**
 * Members joined, left, were promoted or demoted: group.participants, each member canonical with its
 * other form; `me` (the account's own addresses) tells when the account itself left or was removed.
 */
export function participantsEvent(
  change: BaileysEventMap['group-participants.update'],
  book: IdentityBook = new IdentityBook(),
  me: readonly (string | null | undefined)[] = [],
): NewEvent {
  const participants = change.participants.map((p) => {
    if (typeof p === 'string') return book.canonical(p)
    book.learn(p.id, p.phoneNumber)
    return book.canonical(p.phoneNumber ?? p.id)
  })
  book.learn(change.author, change.authorPn)
  const mine = new Set(me.flatMap((jid) => (jid ? [book.canonical(jid)] : [])))
  const data: GroupParticipantsData = {
    jid: change.id,
    action: change.action as GroupParticipantsData['action'],
    participants: participants.map((jid) => ({ jid, jidAlt: book.alternate(jid) })),
    author: book.canonical(change.authorPn ?? change.author ?? null) || null,
    ...(change.action === 'remove' && participants.some((jid) => mine.has(jid)) ? { left: true } : {}),
  }
  return { type: GroupEventTypes.participants, data }
}

export function presenceEvent(update: BaileysEventMap['presence.update']): NewEvent {
  const data: PresenceUpdateData = {
    jid: update.id,
    presences: Object.entries(update.presences).map(([jid, p]) => ({ jid, presence: p.lastKnownPresence, lastSeen: p.lastSeen ?? null })),
  }
  return { type: PresenceEventTypes.update, data }
}
