import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'

export interface MediaFile {
  readonly bytes: Buffer
  readonly mimetype: string
}

/** A received media file (a message's mediaUrl) of a session the caller may see. */
export class GetMediaFile extends Query<MediaFile> {
  readonly caller: Caller
  readonly sessionId: string
  readonly name: string
  constructor(caller: Caller, sessionId: string, name: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.name = name
  }
}

export class GetMediaFileHandler implements IQueryHandler<GetMediaFile> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, name }: GetMediaFile): Promise<MediaFile> {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'view')
    const file = await this.#deps.media.get(session.session_id, name)
    if (!file) throw new NotFoundError(`no media ${name} in session ${sessionId}`)
    return file
  }
}
