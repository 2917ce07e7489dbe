import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { FeatureDisabledError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId } from '../../domain/ids.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import { toStreamName } from '../../domain/streams.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { SendMessage, SendMessageHandler } from './send-message.ts'

export const RepeatedSendEventTypes = { started: 'repeated-send.started', finished: 'repeated-send.finished' } as const

export class RepeatedSend extends Command<{ success: true; message: string; repeatedSendId: string; count: number; delayMs: number }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  readonly message: string
  readonly count: number
  readonly delay: number
  constructor(caller: Caller, input: { sessionId: string; jid: string; message: string; count: number; delay: number }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.jid = input.jid
    this.message = input.message
    this.count = input.count
    this.delay = input.delay
  }
}

/**
 * The seed's "bombing" under PRODUCT.md's policy: off unless the operator enables it; the count capped;
 * the delay raised to the operator's minimum; every message through the session's paced queue; every
 * use recorded (who, to whom, how many) in the audit log.
 */
export class RepeatedSendHandler implements ICommandHandler<RepeatedSend> {
  readonly #deps: AppDeps
  readonly #send: SendMessageHandler
  constructor(deps: AppDeps) {
    this.#deps = deps
    this.#send = new SendMessageHandler(deps)
  }

  async execute(command: RepeatedSend) {
    const policy = this.#deps.repeatedSends
    if (!policy.enabled) {
      throw new FeatureDisabledError('repeated sends are turned off on this gateway (they flood people and get numbers banned); an operator can enable them with REPEATED_SENDS_ENABLED=true')
    }
    if (command.count > policy.maxCount) throw new ValidationError(`count may be at most ${policy.maxCount} on this gateway`)
    const session = await findSessionFor(this.#deps.db, command.caller, command.sessionId, 'send')
    const id = newId()
    const delayMs = Math.max(command.delay, policy.minDelayMs)
    const cause = { ...causeOf(command.caller), correlationId: id }
    await this.#deps.store.append(
      toStreamName('repeat', id),
      [{ type: RepeatedSendEventTypes.started, data: { sessionId: session.session_id, jid: command.jid, count: command.count, delayMs, message: command.message }, metadata: cause }],
      'no_stream',
    )
    void this.#run(id, session.session_id, command, delayMs, cause)
    return { success: true as const, message: `Bombing ${command.count} messages started`, repeatedSendId: id, count: command.count, delayMs }
  }

  async #run(id: string, sessionId: string, command: RepeatedSend, delayMs: number, cause: ReturnType<typeof causeOf>): Promise<void> {
    let sent = 0
    let failed = 0
    for (let n = 0; n < command.count; n++) {
      if (n > 0) await sleep(delayMs)
      try {
        await this.#send.execute(new SendMessage(command.caller, { sessionId: command.sessionId, jid: command.jid, content: { kind: 'text', text: command.message } }))
        sent++
      } catch (error) {
        failed++
        this.#deps.logger.warn({ err: error, repeatedSendId: id }, 'a repeated send failed')
      }
    }
    await this.#deps.store
      .append(toStreamName('repeat', id), [{ type: RepeatedSendEventTypes.finished, data: { sessionId, sent, failed }, metadata: cause }])
      .catch((error: unknown) => this.#deps.logger.error({ err: error, repeatedSendId: id }, 'could not record the end of a repeated send'))
  }
}
