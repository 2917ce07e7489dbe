import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { MAX_RULES_PER_SESSION } from '../../domain/autoreply/autoreply-decide.ts'
import { autoReplyStreamId } from '../../domain/autoreply/autoreply-events.ts'
import type { MatchType } from '../../domain/autoreply/match-type.ts'
import { normalizeForMatch } from '../../domain/autoreply/matching.ts'
import { ConflictError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId } from '../../domain/ids.ts'
import { AUTOREPLIES_PROJECTION } from '../../reactors/autoreplies/autoreplies-projection.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { autoReplyDecider } from '../../domain/autoreply/autoreply-decider.ts'
import { toAutoReplyView, type AutoReplyView } from './auto-reply-view.ts'

export class CreateAutoReply extends Command<AutoReplyView> {
  readonly caller: Caller
  readonly sessionId: string
  readonly keyword: string
  readonly response: string
  readonly matchType: MatchType
  constructor(caller: Caller, input: { sessionId: string; keyword: string; response: string; matchType: MatchType }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.keyword = input.keyword
    this.response = input.response
    this.matchType = input.matchType
  }
}

/**
 * Records a rule in its own stream. A REGEX pattern must compile under RE2 within the size and time
 * limits first; a rule the session already has (same match type, same keyword) is a conflict.
 */
export class CreateAutoReplyHandler implements ICommandHandler<CreateAutoReply> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute(command: CreateAutoReply): Promise<AutoReplyView> {
    const { caller, keyword, response, matchType } = command
    const session = await findSessionFor(this.#deps.db, caller, command.sessionId, 'configure')
    const existing = await this.#deps.db
      .selectFrom('autoreply_rules')
      .select(['id', 'keyword', 'match_type'])
      .where('session_id', '=', session.session_id)
      .where('deleted_at', 'is', null)
      .execute()
    if (existing.length >= MAX_RULES_PER_SESSION) {
      throw new ValidationError(`session ${session.session_id} has ${existing.length} auto-reply rules, the most a session may have; delete some first`)
    }
    const same = existing.find((rule) => rule.match_type === matchType && sameKeyword(matchType, rule.keyword, keyword))
    if (same) throw new ConflictError(`session ${session.session_id} already has this ${matchType} rule: ${same.id}`)
    if (matchType === 'REGEX') {
      const problem = await this.#deps.regex.check(keyword)
      if (problem) throw new ValidationError(problem)
    }

    const id = newId()
    const rule = { id, sessionId: session.session_id, userId: caller.userId, keyword, response, matchType }
    const { position } = await handleCommand(this.#deps.store, autoReplyStreamId(id), autoReplyDecider, { type: 'CreateAutoReply', data: rule }, {
      ...causeOf(caller),
      correlationId: id,
    })
    if (position !== null) await this.#deps.projections.waitFor(AUTOREPLIES_PROJECTION, position, this.#deps.readYourWritesTimeoutMs)
    const row = await this.#deps.db.selectFrom('autoreply_rules').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toAutoReplyView(row) : { ...rule, createdAt: new Date().toISOString() }
  }
}

function sameKeyword(matchType: MatchType, a: string, b: string): boolean {
  return matchType === 'REGEX' ? a === b : normalizeForMatch(a) === normalizeForMatch(b)
}
