/** Polls: what a poll asks (on its message) and each vote on it, decrypted. */
export const PollVoteType = 'poll.vote'

/** A poll as its message carries it. */
export interface PollInfo {
  readonly name: string
  readonly options: readonly string[]
  /** How many options a voter may choose; 0: any number. */
  readonly selectableCount: number
}

/** A voter's current choice on a poll: it replaces their earlier one (an empty choice takes the vote back). */
export interface PollVoteData {
  /** The poll message's id. */
  readonly keyId: string
  readonly remoteJid: string
  readonly remoteJidAlt?: string | null
  /** Whether the poll is this account's. */
  readonly fromMe: boolean
  /** Who voted (canonical; 'me' for this account) and their other address, when known. */
  readonly voter: string
  readonly voterAlt?: string | null
  /** The options chosen, by name. */
  readonly selectedOptions: readonly string[]
  /** The id of the vote message. */
  readonly voteId: string
  /** Unix seconds. */
  readonly timestamp: number
}

/** A poll's tally: each option with its voters, from the votes recorded (one current choice per voter). */
export function pollResults(poll: PollInfo, votes: Readonly<Record<string, readonly string[]>>): Array<{ name: string; votes: number; voters: string[] }> {
  return poll.options.map((name) => {
    const voters = Object.entries(votes)
      .filter(([, chosen]) => chosen.includes(name))
      .map(([voter]) => voter)
    return { name, votes: voters.length, voters }
  })
}
