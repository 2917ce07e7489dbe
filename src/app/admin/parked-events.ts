import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { ForbiddenError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import { viewOf, type ParkedEventView } from '../../consumers/parking/event-parking.ts'
import { listParkedEvents } from '../../consumers/parking/list-parked-events.ts'
import type { AppDeps } from '../app-deps.ts'

/** Parked events cut across every tenant: a SUPERADMIN's alone. */
function assertSuperadmin(caller: Caller): void {
  if (caller.role !== 'SUPERADMIN') throw new ForbiddenError('only a SUPERADMIN may see and retry parked events')
}

export interface ParkedEventFilter {
  readonly consumer?: string
  readonly state: 'parked' | 'resolved' | 'all'
  readonly limit: number
}

export class ListParkedEvents extends Query<ParkedEventView[]> {
  readonly caller: Caller
  readonly filter: ParkedEventFilter
  constructor(caller: Caller, filter: ParkedEventFilter) {
    super()
    this.caller = caller
    this.filter = filter
  }
}

/** The events consumers parked (ones they could not handle, so that they went on past them), oldest first. */
export class ListParkedEventsHandler implements IQueryHandler<ListParkedEvents> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, filter }: ListParkedEvents): Promise<ParkedEventView[]> {
    assertSuperadmin(caller)
    const resolved = filter.state === 'all' ? undefined : filter.state === 'resolved'
    return (await listParkedEvents(this.#deps.db, { consumer: filter.consumer, resolved, limit: filter.limit })).map(viewOf)
  }
}

export type RetriedParkedEvent = ParkedEventView & { outcome: 'resolved' | 'failed' }

export class RetryParkedEvent extends Command<RetriedParkedEvent> {
  readonly caller: Caller
  readonly id: string
  constructor(caller: Caller, id: string) {
    super()
    this.caller = caller
    this.id = id
  }
}

/** Re-applies a parked event to its consumer once its cause is fixed: resolved when that works, failed (and still parked) when not. */
export class RetryParkedEventHandler implements ICommandHandler<RetryParkedEvent> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  execute({ caller, id }: RetryParkedEvent): Promise<RetriedParkedEvent> {
    assertSuperadmin(caller)
    return this.#deps.parking.retry(id)
  }
}
