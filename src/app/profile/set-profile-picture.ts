import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

export class SetProfilePicture extends Command<{ success: true; sessionId: string; picture: string | null }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly image: Uint8Array
  constructor(caller: Caller, sessionId: string, image: Uint8Array) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.image = image
  }
}

/** The account's profile picture: the driver makes a JPEG WhatsApp takes of it (an unreadable image is a 400). */
export class SetProfilePictureHandler implements ICommandHandler<SetProfilePicture> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, image }: SetProfilePicture) {
    const action = { kind: 'profile.picture' as const, imageBase64: Buffer.from(image).toString('base64') }
    const { sessionId: id, answer } = await actOnSession<{ picture: string | null }>(this.#deps, caller, sessionId, action, 'configure')
    return { success: true as const, sessionId: id, picture: answer.picture }
  }
}
