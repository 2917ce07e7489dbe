import type { WAMessage } from '@whiskeysockets/baileys'
import { stableId } from '../../domain/ids.ts'
import { MessageEditedType, type MessageEditedData } from '../../domain/messages/edit-events.ts'
import { PollVoteType, type PollVoteData } from '../../domain/messages/poll-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { IdentityBook } from './identity-book.ts'
import { contentAsJson, pollCreationOf, textOf, unwrap } from './message-content.ts'
import type { PollBook } from './poll-book.ts'

const MESSAGE_EDIT = 14 // proto.Message.ProtocolMessage.Type.MESSAGE_EDIT

const seconds = (t: WAMessage['messageTimestamp']) => (t == null ? Math.floor(Date.now() / 1000) : Number(t))

/**
 * What WhatsApp carries as a message but is an action on another one: an edit (a protocolMessage of
 * type MESSAGE_EDIT) or a poll vote (pollUpdateMessage, decrypted here). Null: an ordinary message.
 * `remoteJid` is the message's chat in canonical form.
 */
export function messageActionEvents(sessionId: string, message: WAMessage, remoteJid: string, book: IdentityBook, polls?: PollBook): NewEvent[] | null {
  const { inner } = unwrap(message.message)
  const protocol = inner?.protocolMessage
  if (protocol?.type === MESSAGE_EDIT && protocol.key?.id) return [editedEvent(sessionId, message, remoteJid, book)]
  const vote = inner?.pollUpdateMessage
  if (vote) return pollVoteEvents(sessionId, message, remoteJid, book, polls)
  return null
}

/** An edit, sent by this account (through the gateway or the phone) or by the contact who wrote the message. */
export function editedEvent(sessionId: string, message: WAMessage, remoteJid: string, book: IdentityBook): NewEvent {
  const protocol = unwrap(message.message).inner!.protocolMessage!
  const edited = unwrap(protocol.editedMessage).inner
  const senderJid = book.canonical(message.key.participant || null)
  const data: MessageEditedData = {
    keyId: protocol.key!.id!,
    remoteJid,
    remoteJidAlt: book.alternate(remoteJid),
    // The editor edits their own message: it is ours when we sent the edit.
    fromMe: Boolean(message.key.fromMe),
    senderJid,
    text: textOf(edited),
    content: contentAsJson(protocol.editedMessage),
    editId: message.key.id ?? '',
    timestamp: protocol.timestampMs ? Math.floor(Number(protocol.timestampMs) / 1000) : seconds(message.messageTimestamp),
  }
  return { id: stableId(sessionId, MessageEditedType, remoteJid, data.keyId, data.editId), type: MessageEditedType, data }
}

function pollVoteEvents(sessionId: string, message: WAMessage, remoteJid: string, book: IdentityBook, polls: PollBook | undefined): NewEvent[] {
  const update = unwrap(message.message).inner!.pollUpdateMessage!
  const pollId = update.pollCreationMessageKey?.id
  const known = pollId ? polls?.knows(pollId) : null
  if (!pollId || !polls || !known) return []
  const fromMe = Boolean(message.key.fromMe)
  // In 1:1 chats Baileys gives participant as '' rather than leaving it out.
  const author = message.key.participant || message.key.remoteJid
  const authorAlt = message.key.participant ? message.key.participantAlt : message.key.remoteJidAlt
  const voterForms = fromMe ? polls.me : [author, authorAlt, book.alternate(book.canonical(author ?? null))]
  const selected = polls.vote(update, voterForms)
  if (selected === null) return []
  const voter = fromMe ? 'me' : (book.canonical(author ?? null) ?? '')
  const data: PollVoteData = {
    keyId: pollId,
    remoteJid,
    remoteJidAlt: book.alternate(remoteJid),
    fromMe: known.fromMe,
    voter,
    voterAlt: fromMe ? null : book.alternate(voter),
    selectedOptions: selected,
    voteId: message.key.id ?? '',
    timestamp: update.senderTimestampMs ? Math.floor(Number(update.senderTimestampMs) / 1000) : seconds(message.messageTimestamp),
  }
  return [{ id: stableId(sessionId, PollVoteType, remoteJid, pollId, data.voteId), type: PollVoteType, data }]
}

/** A poll's secret is kept as soon as its message is seen (sent from the phone, or received from its creator). */
export function rememberPoll(polls: PollBook | undefined, message: WAMessage, book: IdentityBook): void {
  if (!polls || !pollCreationOf(unwrap(message.message).inner)) return
  const { participant, participantAlt, remoteJid, remoteJidAlt } = message.key
  const creator = participant ? [participant, participantAlt] : [remoteJid, remoteJidAlt]
  polls.remember(message, [...creator, ...creator.map((jid) => book.alternate(book.canonical(jid ?? null)))])
}
