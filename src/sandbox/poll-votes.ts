/**
 * Votes on a poll a client sent, cast by virtual users as WhatsApp's apps cast them: a
 * pollUpdateMessage whose vote (the SHA-256 of each chosen option, a PollVoteMessage) is encrypted
 * with AES-GCM under a key derived from the poll's messageSecret, its id, its creator and the voter
 * (the mirror of Baileys' decryptPollVote), then sent like any message of the voter's.
 */
import { createHash, randomBytes } from 'node:crypto'
import { aesEncryptGCM, hmacSign, proto } from '@whiskeysockets/baileys'
import type { Addressing, Core } from './core.ts'
import { badRequest, notFound } from './errors.ts'
import { sendGroupMessageFromUser } from './group-messages.ts'
import { requireGroup } from './groups.ts'
import { lidJid, pnJid } from './jid.ts'
import type { UserState } from './model.ts'
import { sendFromUser } from './virtual-contact.ts'

export type PollVoteInput = {
  from: UserState
  /** The poll's message id (a client's send, in the sent log). */
  pollId: string
  /** The options chosen, by their text; empty takes the vote back. */
  options: string[]
  /** 1:1 only: how the vote is addressed (default the sandbox's); the vote key binds the same forms. */
  addressing?: Addressing
}

export type PollVoteResult = { id: string; timestamp: number; devices: Record<string, string> }

type PollJson = { name?: string; options?: Array<{ optionName?: string }> }

export async function castPollVote(core: Core, input: PollVoteInput): Promise<PollVoteResult> {
  const { from, pollId, options } = input
  if (!Array.isArray(options) || options.some(o => typeof o !== 'string')) throw badRequest('options must be an array of option texts')
  const record = core.world.sent.findById(pollId)
  if (!record?.message) throw notFound(`no poll ${pollId} in the sent log`)
  const message = record.message as { messageContextInfo?: { messageSecret?: string } } & Record<string, PollJson | undefined>
  const poll = message.pollCreationMessage ?? message.pollCreationMessageV3 ?? message.pollCreationMessageV2
  const secret = message.messageContextInfo?.messageSecret
  if (!poll || !secret) throw badRequest(`message ${pollId} is not a poll (or carries no messageSecret)`)
  const known = new Set((poll.options ?? []).map(o => o.optionName ?? ''))
  const unknown = options.filter(o => !known.has(o))
  if (unknown.length > 0) throw badRequest(`not an option of the poll: ${unknown.join(', ')}`)
  const creator = core.world.findUser(record.phone)
  if (!creator) throw notFound(`the poll's sender ${record.phone} is gone`)

  const group = record.recipient.kind === 'group' ? requireGroup(core, record.to) : undefined
  // Groups are LID-addressed; in 1:1 chats the vote is bound to the forms the message is addressed with.
  const addressing = group ? 'lid' : (input.addressing ?? core.options.defaultAddressing)
  const form = (user: UserState) => (addressing === 'pn' ? pnJid(user.pn) : lidJid(user.lid))
  const creatorJid = form(creator)
  const voterJid = form(from)
  const vote = encryptVote({ pollId, creatorJid, voterJid, secret: Buffer.from(secret, 'base64'), options })
  const update: proto.IMessage = {
    pollUpdateMessage: {
      pollCreationMessageKey: { remoteJid: group ? record.to : creatorJid, fromMe: false, id: pollId, ...(group ? { participant: creatorJid } : {}) },
      vote,
      senderTimestampMs: Date.now(),
    },
  }
  if (group) return sendGroupMessageFromUser(core, { from, group, message: update })
  const to = core.world.findPhone(creator.pn)
  if (!to) throw badRequest(`the poll's sender ${creator.pn} is not a phone`)
  return sendFromUser(core, { from, to, message: update, addressing })
}

/** The vote as WhatsApp encrypts it (Baileys' decryptPollVote, the other way round). */
export function encryptVote(input: { pollId: string; creatorJid: string; voterJid: string; secret: Buffer; options: string[] }): proto.Message.IPollEncValue {
  const { pollId, creatorJid, voterJid, secret } = input
  const sign = Buffer.concat([Buffer.from(pollId), Buffer.from(creatorJid), Buffer.from(voterJid), Buffer.from('Poll Vote'), new Uint8Array([1])])
  const key0 = hmacSign(secret, new Uint8Array(32), 'sha256')
  const encKey = hmacSign(sign, key0, 'sha256')
  const plaintext = proto.Message.PollVoteMessage.encode({ selectedOptions: input.options.map(o => createHash('sha256').update(o).digest()) }).finish()
  const encIv = randomBytes(12)
  const encPayload = aesEncryptGCM(plaintext, encKey, encIv, Buffer.from(`${pollId}\u0000${voterJid}`))
  return { encPayload, encIv }
}
