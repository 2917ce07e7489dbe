import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { userStreamId } from '../../domain/identity/user-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { newApiKey } from './tokens.ts'
import { userDecider } from '../../domain/identity/user-decider.ts'

export class GetApiKey extends Query<{ apiKey: string | null }> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

/** The seed shows the current key on GET, so it is kept sealed (AES-GCM with the gateway key) beside its hash. */
export class GetApiKeyHandler implements IQueryHandler<GetApiKey> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }
  async execute({ caller }: GetApiKey) {
    const row = await this.#deps.db.selectFrom('api_keys').select('sealed_key').where('user_id', '=', caller.userId).executeTakeFirst()
    return { apiKey: row ? this.#deps.identity.apiKeys.box.open(row.sealed_key) : null }
  }
}

export class IssueApiKey extends Command<{ apiKey: string }> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

/** A new key replaces the old one; when this answers, the old key no longer authenticates anywhere. */
export class IssueApiKeyHandler implements ICommandHandler<IssueApiKey> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }
  async execute({ caller }: IssueApiKey) {
    return { apiKey: await issueApiKey(this.#deps, caller.userId, causeOf(caller)) }
  }
}

export async function issueApiKey(deps: AppDeps, userId: string, cause: ReturnType<typeof causeOf>): Promise<string> {
  const { key, keyId, prefix } = newApiKey()
  const { hasher, box } = deps.identity.apiKeys
  const issued = { keyId, keyHash: hasher.hash(key), sealedKey: box.seal(key), prefix }
  const { position } = await handleCommand(deps.store, userStreamId(userId), userDecider, { type: 'IssueApiKey', data: issued }, cause)
  await awaitUsers(deps, position)
  return key
}

export class RevokeApiKey extends Command<{ success: true }> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKey> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }
  async execute({ caller }: RevokeApiKey) {
    const { position } = await handleCommand(this.#deps.store, userStreamId(caller.userId), userDecider, { type: 'RevokeApiKey' }, causeOf(caller))
    await awaitUsers(this.#deps, position)
    return { success: true as const }
  }
}
