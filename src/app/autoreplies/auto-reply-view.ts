import type { Selectable } from 'kysely'
import type { MatchType } from '../../domain/autoreply/match-type.ts'
import type { AutoReplyRulesTable } from '../../reactors/autoreplies/tables.ts'

/** A rule as the seed shows it ({ id, keyword, response, matchType }), with its session and creation time. */
export interface AutoReplyView {
  id: string
  sessionId: string
  keyword: string
  response: string
  matchType: MatchType
  createdAt: string
}

export function toAutoReplyView(row: Pick<Selectable<AutoReplyRulesTable>, 'id' | 'session_id' | 'keyword' | 'response' | 'match_type' | 'created_at'>): AutoReplyView {
  return {
    id: row.id,
    sessionId: row.session_id,
    keyword: row.keyword,
    response: row.response,
    matchType: row.match_type,
    createdAt: row.created_at.toISOString(),
  }
}
