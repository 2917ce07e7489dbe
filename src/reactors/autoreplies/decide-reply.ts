import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { findMatchingRule } from '../../domain/autoreply/matching.ts'
import { isCoolingDown, whyNotEligible, type AutoReplyPolicy } from '../../domain/autoreply/reply-policy.ts'
import type { MessageData } from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import type { RegexEngine } from '../../domain/ports/regex-engine.ts'
import { loadSessionRules } from './load-session-rules.ts'
import { lastReplyAt, type SessionSwitches } from './read-reply-gates.ts'
import { recordReply } from './record-reply.ts'
import type { AutoRepliesTables } from './tables.ts'

export interface ReplyDecisionDeps {
  readonly regex: RegexEngine
  readonly policy: AutoReplyPolicy
  readonly logger: Logger
  readonly now: () => Date
}

/**
 * Decides whether a received message gets an auto-reply, cheapest checks first (most messages stop
 * before any query), and records the reply as due. Runs in the projection's transaction, so the rules,
 * the session's switch and the chat's cooldown are those in force at this event's place in the log.
 */
export async function decideReply(
  db: Kysely<AutoRepliesTables>,
  event: StoredEvent,
  sessionId: string,
  switches: SessionSwitches,
  deps: ReplyDecisionDeps,
): Promise<void> {
  const message = event.data as MessageData
  const now = deps.now()
  if (whyNotEligible(message, now, deps.policy) !== null) return
  if (!(await switches.isEnabled(sessionId))) return
  const log = { sessionId, chat: message.remoteJid, eventId: event.id }
  if (isCoolingDown(await lastReplyAt(db, sessionId, message.remoteJid), event.occurredAt, deps.policy.cooldownMs)) {
    deps.logger.debug(log, 'auto-reply skipped: the chat is cooling down')
    return
  }
  const rules = await loadSessionRules(db, sessionId)
  if (rules.length === 0) return
  const { rule, timedOut } = await findMatchingRule(rules, message.text ?? '', deps.regex)
  if (timedOut) deps.logger.warn(log, 'REGEX rules of the session ran out of time on this message; counted as not matching')
  if (!rule) return
  await recordReply(
    db,
    {
      eventId: event.id,
      position: event.position,
      sessionId,
      chatJid: message.remoteJid,
      ruleId: rule.id,
      triggerKeyId: message.keyId,
      response: rule.response,
      expiresAt: new Date(message.timestamp * 1000 + deps.policy.maxAgeMs),
      receivedAt: event.occurredAt,
    },
    now,
  )
  deps.logger.info({ ...log, ruleId: rule.id }, 'auto-reply due')
}
