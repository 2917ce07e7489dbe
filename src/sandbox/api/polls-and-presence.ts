import { clientPresenceLog, type ClientPresenceRecord } from '../client-presence.ts'
import { badRequest } from '../errors.ts'
import { castPollVote, type PollVoteResult } from '../poll-votes.ts'
import type { Addressing } from '../core.ts'
import type { PresenceType } from '../presence.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'

/** Virtual users vote on clients' polls; what clients said of their presence and typing. */
export type PollsAndPresenceApi = {
  /** `from` votes on the poll a client sent (`pollId`: its message id), choosing `options` by text (empty: no vote). */
  votePoll(input: { from: string; pollId: string; options: string[]; addressing?: Addressing }): Promise<PollVoteResult>
  /** The presence and chatstates a phone's clients sent, oldest first. */
  clientPresence(filter?: { phone?: string; to?: string; type?: PresenceType; since?: number }): ClientPresenceRecord[]
  waitForClientPresence(filter: { phone?: string; to?: string; type?: PresenceType; since?: number; timeoutMs?: number }): Promise<ClientPresenceRecord>
}

export const pollsAndPresenceFacet: Facet<keyof PollsAndPresenceApi> = ({ core }) => {
  const matcher = (filter: { phone?: string; to?: string; type?: PresenceType; since?: number }) => {
    const phone = filter.phone !== undefined ? requirePhone(core, filter.phone).pn : undefined
    const toUser = filter.to !== undefined ? core.world.findUser(filter.to) : undefined
    return (r: ClientPresenceRecord) =>
      (phone === undefined || r.phone === phone) &&
      (filter.to === undefined || r.to === filter.to || (!!toUser && !!r.to && core.world.findUser(r.to)?.pn === toUser.pn)) &&
      (filter.type === undefined || r.type === filter.type) &&
      (filter.since === undefined || r.seq > filter.since)
  }
  return {
    votePoll(input) {
      if (!input || typeof input !== 'object') throw badRequest('body must be an object')
      if (typeof input.pollId !== 'string' || !input.pollId) throw badRequest('pollId is required')
      return castPollVote(core, {
        from: requireUser(core, input.from),
        pollId: input.pollId,
        options: input.options,
        ...(input.addressing !== undefined ? { addressing: input.addressing } : {}),
      })
    },
    clientPresence: (filter = {}) => clientPresenceLog(core).list(matcher(filter)),
    waitForClientPresence: ({ timeoutMs = 10_000, ...filter }) => clientPresenceLog(core).waitFor(matcher(filter), timeoutMs),
  }
}
