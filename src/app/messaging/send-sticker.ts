import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ValidationError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { StickerPackInfo } from '../../domain/ports/sticker-maker.ts'
import type { AppDeps } from '../app-deps.ts'
import { SendMessage, SendMessageHandler, type SendResult } from './send-message.ts'

export class SendSticker extends Command<SendResult> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  readonly image: Buffer
  readonly pack: StickerPackInfo
  constructor(caller: Caller, input: { sessionId: string; jid: string; image: Buffer; pack: StickerPackInfo }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.jid = input.jid
    this.image = input.image
    this.pack = input.pack
  }
}

/** The sticker maker: an uploaded PNG, JPG or WebP becomes a WhatsApp sticker, sent like any message. */
export class SendStickerHandler implements ICommandHandler<SendSticker> {
  readonly #deps: AppDeps
  readonly #send: SendMessageHandler
  constructor(deps: AppDeps) {
    this.#deps = deps
    this.#send = new SendMessageHandler(deps)
  }

  async execute({ caller, sessionId, jid, image, pack }: SendSticker): Promise<SendResult> {
    let sticker: Buffer
    try {
      sticker = await this.#deps.stickers.make(image, pack)
    } catch {
      throw new ValidationError('file must be a PNG, JPG or WEBP image')
    }
    return this.#send.execute(
      new SendMessage(caller, { sessionId, jid, content: { kind: 'sticker', media: { data: sticker.toString('base64'), mimetype: 'image/webp' } } }),
    )
  }
}
