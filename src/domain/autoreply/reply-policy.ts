import { LID_JID, USER_JID } from '../messages/jid.ts'
import type { MessageData } from '../messages/message-events.ts'

export interface AutoReplyPolicy {
  /** At most one auto-reply per chat within this window: two bots answering each other stop at once. */
  readonly cooldownMs: number
  /** A message older than this (by WhatsApp's timestamp) is never answered: replays after an absence stay quiet. */
  readonly maxAgeMs: number
}

export type NoReplyReason = 'from-me' | 'not-one-to-one' | 'no-text' | 'too-old'

/**
 * Why a received message may not trigger an auto-reply whatever the rules say, or null when it may.
 * Only one-to-one chats: in a group every member would get the bot's answers, and two bots in a group
 * could not be told apart by chat. Never this account's own messages, whichever device sent them.
 */
export function whyNotEligible(message: MessageData, now: Date, policy: Pick<AutoReplyPolicy, 'maxAgeMs'>): NoReplyReason | null {
  if (message.fromMe) return 'from-me'
  if (!isOneToOneChat(message.remoteJid) || message.senderJid) return 'not-one-to-one'
  if (!message.text || message.text.trim() === '') return 'no-text'
  if (isTooOld(message.timestamp, now, policy.maxAgeMs)) return 'too-old'
  return null
}

/** A chat with one person (by phone number or LID): not a group, a status, a broadcast list or a channel. */
export function isOneToOneChat(jid: string): boolean {
  return USER_JID.test(jid) || LID_JID.test(jid)
}

/** `timestamp` is WhatsApp's, in unix seconds. */
export function isTooOld(timestamp: number, now: Date, maxAgeMs: number): boolean {
  return now.getTime() - timestamp * 1000 > maxAgeMs
}

/** Whether the chat got an auto-reply less than a cooldown before `at` (a reply stamped later counts too). */
export function isCoolingDown(lastReplyAt: Date | null, at: Date, cooldownMs: number): boolean {
  return lastReplyAt !== null && at.getTime() - lastReplyAt.getTime() < cooldownMs
}

/**
 * The Idempotency-Key of the reply to one received message: a consumer retry, a replay or a second
 * node asking for the same reply gets the first one's result, and WhatsApp gets one message.
 */
export const autoReplyIdempotencyKey = (triggerEventId: string) => `autoreply:${triggerEventId}`
