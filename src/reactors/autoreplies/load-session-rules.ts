import type { Kysely } from 'kysely'
import type { MatchType } from '../../domain/autoreply/match-type.ts'
import type { AutoRepliesTables } from './tables.ts'

export interface SessionRule {
  readonly id: string
  readonly keyword: string
  readonly response: string
  readonly matchType: MatchType
}

/** A session's live rules in the order they are tried: the order they were created in. */
export async function loadSessionRules(db: Kysely<AutoRepliesTables>, sessionId: string): Promise<SessionRule[]> {
  return db
    .selectFrom('autoreply_rules')
    .select(['id', 'keyword', 'response', 'match_type as matchType'])
    .where('session_id', '=', sessionId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .execute()
}
