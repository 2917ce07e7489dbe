import { createHash } from 'node:crypto'
import { decryptPollVote, jidNormalizedUser, type proto, type WAMessage } from '@whiskeysockets/baileys'
import { pollCreationOf } from './message-content.ts'

/** What a vote on a poll needs: the poll's secret, its options, and the addresses its creator may be known by. */
export interface KnownPoll {
  /** The poll message's messageSecret, base64. */
  readonly secret: string
  readonly options: readonly string[]
  /** The creator's JIDs (phone number and LID, when known): WhatsApp binds the vote key to one of them. */
  readonly creator: readonly string[]
}

/**
 * The polls this account can count votes on. A vote is encrypted with a key drawn from the poll's
 * messageSecret (which only the poll's message carries), the poll's id, its creator and its voter, so
 * the secret is kept from the moment the poll is sent or seen; `persist` keeps it past a restart
 * (sealed at rest, beside the Signal keys). Baileys 7 no longer decrypts votes itself.
 */
export class PollBook {
  readonly #polls = new Map<string, KnownPoll>()
  readonly #persist: (id: string, poll: KnownPoll) => void
  /** This account's own addresses (phone-number JID and LID), once the connection is open. */
  #me: string[] = []

  constructor(persist: (id: string, poll: KnownPoll) => void = () => {}) {
    this.#persist = persist
  }

  seed(polls: ReadonlyMap<string, unknown>): void {
    for (const [id, poll] of polls) if (isKnownPoll(poll)) this.#polls.set(id, poll)
  }

  /** The account's addresses: the creator of its own polls, the voter of its own votes. */
  setMe(...jids: Array<string | null | undefined>): void {
    this.#me = forms(jids)
  }

  get me(): readonly string[] {
    return this.#me
  }

  /** Keeps a poll's secret (a poll sent, or received): `creator` are the sender's addresses, empty for this account. */
  remember(message: WAMessage, creator: ReadonlyArray<string | null | undefined>): void {
    const id = message.key.id
    const secret = message.message?.messageContextInfo?.messageSecret
    const poll = pollCreationOf(innerOf(message.message))
    if (!id || !secret || !poll || this.#polls.has(id)) return
    const known: KnownPoll = {
      secret: Buffer.from(secret).toString('base64'),
      options: (poll.options ?? []).map((o) => o.optionName ?? ''),
      creator: forms(message.key.fromMe ? [] : creator),
    }
    this.#polls.set(id, known)
    this.#persist(id, known)
  }

  /** Whether a poll is known here, and this account's. */
  knows(id: string): { fromMe: boolean } | null {
    const poll = this.#polls.get(id)
    return poll ? { fromMe: poll.creator.length === 0 } : null
  }

  /**
   * The options a vote chose, by name: null when the poll is unknown here or the vote does not decrypt
   * with any of the addresses its creator and voter go by.
   */
  vote(update: proto.Message.IPollUpdateMessage, voter: ReadonlyArray<string | null | undefined>): string[] | null {
    const pollId = update.pollCreationMessageKey?.id
    const poll = pollId ? this.#polls.get(pollId) : undefined
    const encPayload = update.vote?.encPayload
    const encIv = update.vote?.encIv
    if (!pollId || !poll || !encPayload || !encIv) return null
    const pollEncKey = Buffer.from(poll.secret, 'base64')
    for (const pollCreatorJid of poll.creator.length === 0 ? this.#me : poll.creator) {
      for (const voterJid of forms(voter)) {
        try {
          const decrypted = decryptPollVote({ encPayload, encIv }, { pollCreatorJid, pollMsgId: pollId, pollEncKey, voterJid })
          const byHash = new Map(poll.options.map((name) => [optionHash(name), name]))
          return (decrypted.selectedOptions ?? []).flatMap((hash) => {
            const name = byHash.get(Buffer.from(hash).toString('hex'))
            return name === undefined ? [] : [name]
          })
        } catch {
          // Not this pair of addresses: the key differs and the GCM tag does not match.
        }
      }
    }
    return null
  }
}

/** WhatsApp names a chosen option by the SHA-256 of its text. */
export const optionHash = (name: string) => createHash('sha256').update(Buffer.from(name)).digest('hex')

/** Each address once, device part dropped. */
function forms(jids: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(jids.flatMap((jid) => (jid ? [jidNormalizedUser(jid)] : [])).filter(Boolean))]
}

function innerOf(message: proto.IMessage | null | undefined): proto.IMessage | undefined {
  return message?.viewOnceMessage?.message ?? message?.ephemeralMessage?.message ?? message ?? undefined
}

function isKnownPoll(value: unknown): value is KnownPoll {
  const p = value as KnownPoll
  return typeof p?.secret === 'string' && Array.isArray(p.options) && Array.isArray(p.creator)
}
