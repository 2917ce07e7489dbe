import type { MatchType } from '../../domain/autoreply/match-type.ts'

export interface AutoReplyRulesTable {
  id: string
  session_id: string
  user_id: string
  keyword: string
  response: string
  match_type: MatchType
  /** Where the rule's creation is in the log: rules are tried in this order, the first match wins. */
  position: bigint
  created_at: Date
  deleted_at: Date | null
}

export interface AutoReplySessionsTable {
  session_id: string
  enabled: boolean
}

export interface AutoReplyCooldownsTable {
  session_id: string
  chat_jid: string
  /** When the message that got the chat's last auto-reply was recorded. */
  replied_at: Date
  event_id: string
}

export type ReplyStatus = 'PENDING' | 'SENT' | 'FAILED' | 'EXPIRED'

export interface AutoReplyRepliesTable {
  /** The message.received event that triggered it: at most one reply per message, ever. */
  event_id: string
  position: bigint
  session_id: string
  chat_jid: string
  rule_id: string
  /** WhatsApp's id of the triggering message. */
  trigger_key_id: string
  response: string
  /** Past this the message is too old to answer: the reply is dropped, not sent late. */
  expires_at: Date
  status: ReplyStatus
  /** WhatsApp's id of the reply, once sent. */
  message_id: string | null
  error: string | null
  created_at: Date
  updated_at: Date
}

export interface AutoRepliesTables {
  autoreply_rules: AutoReplyRulesTable
  autoreply_sessions: AutoReplySessionsTable
  autoreply_cooldowns: AutoReplyCooldownsTable
  autoreply_replies: AutoReplyRepliesTable
}
