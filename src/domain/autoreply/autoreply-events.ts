import type { MatchType } from './match-type.ts'
import { toStreamName } from '../streams.ts'

export const AutoReplyEventTypes = {
  created: 'autoreply.created',
  deleted: 'autoreply.deleted',
} as const

export interface AutoReplyRuleData {
  readonly id: string
  readonly sessionId: string
  /** Who created it. */
  readonly userId: string
  readonly keyword: string
  readonly response: string
  readonly matchType: MatchType
}

export type AutoReplyEvent =
  | { type: typeof AutoReplyEventTypes.created; data: AutoReplyRuleData }
  | { type: typeof AutoReplyEventTypes.deleted; data: { id: string; sessionId: string } }

/** One stream per rule (ARCHITECTURE.md): autoreply-<id>. */
export const autoReplyStreamId = (id: string) => toStreamName('autoreply', id)
