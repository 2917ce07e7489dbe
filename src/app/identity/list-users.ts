import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { toUserView, type UserView } from './user-view.ts'

export class ListUsers extends Query<UserView[]> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

export class ListUsersHandler implements IQueryHandler<ListUsers> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }
  async execute({ caller }: ListUsers) {
    if (caller.role !== 'SUPERADMIN') throw new ForbiddenError('only a SUPERADMIN may list users')
    const rows = await this.#deps.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute()
    return rows.map(toUserView)
  }
}

export class GetMe extends Query<UserView & { via: Caller['via']; passwordChangeSuggested: boolean }> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

export class GetMeHandler implements IQueryHandler<GetMe> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }
  async execute({ caller }: GetMe) {
    const row = await this.#deps.db.selectFrom('users').selectAll().where('id', '=', caller.userId).executeTakeFirst()
    if (!row) throw new NotFoundError('user not found')
    // True while the user logs in with the password the gateway generated (the users read model keeps it).
    return { ...toUserView(row), via: caller.via, passwordChangeSuggested: row.password_generated }
  }
}
