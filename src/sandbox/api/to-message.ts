import { proto } from '@whiskeysockets/baileys'
import type { MediaType } from '@whiskeysockets/baileys'
import { badRequest } from '../errors.ts'
import { encryptMedia } from '../media.ts'
import type { MediaService } from '../media.ts'
import { messageFromJson } from '../message-content.ts'
import { parseArgb } from '../status-messages.ts'
import type { MediaInput, MessageInput, PostStatusInput } from './types.ts'

const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const

/** What a virtual user sends, as a proto.Message: text, a media file (encrypted and hosted here), or a message given whole. */
export async function toMessage(input: MessageInput, media: MediaService): Promise<proto.IMessage> {
  if ('media' in input && input.media !== undefined) return mediaMessage(media, input.media)
  if ('text' in input && input.text !== undefined) {
    if (typeof input.text !== 'string' || !input.text) throw badRequest('text must be a non-empty string')
    return { conversation: input.text }
  }
  if ('message' in input && input.message) {
    try {
      return messageFromJson(input.message)
    } catch (err) {
      throw badRequest(`message is not a valid proto.Message: ${(err as Error).message}`)
    }
  }
  throw badRequest('give text or message')
}

/** A status message: a text status is an extendedTextMessage with its colour and font. */
export async function toStatusMessage(input: PostStatusInput, media: MediaService): Promise<proto.IMessage> {
  if ('text' in input && input.text !== undefined) {
    if (typeof input.text !== 'string' || !input.text) throw badRequest('text must be a non-empty string')
    return {
      extendedTextMessage: {
        text: input.text,
        ...(input.backgroundColor !== undefined ? { backgroundArgb: parseArgb(input.backgroundColor) } : {}),
        ...(input.font !== undefined ? { font: parseFont(input.font) } : {}),
      },
    }
  }
  return toMessage(input, media)
}

export const checkMessageId = (id: unknown) => {
  if (id !== undefined && (typeof id !== 'string' || !/^[A-Za-z0-9]{4,64}$/.test(id))) throw badRequest('id must be 4 to 64 letters or digits')
}

async function mediaMessage(media: MediaService, input: MediaInput): Promise<proto.IMessage> {
  if (!input || typeof input !== 'object' || !MEDIA_KINDS.includes(input.kind)) {
    throw badRequest(`media.kind must be one of ${MEDIA_KINDS.join(', ')}`)
  }
  if (typeof input.mimetype !== 'string' || !input.mimetype) throw badRequest('media.mimetype is required')
  const data = typeof input.data === 'string' ? Buffer.from(input.data, 'base64') : input.data
  if (!(data instanceof Uint8Array) || !data.length) throw badRequest('media.data must be non-empty bytes (base64 over HTTP)')
  const sealed = await encryptMedia(data, input.kind as MediaType)
  const { url, directPath } = media.put(sealed.body)
  const content = {
    url,
    directPath,
    mediaKey: sealed.mediaKey,
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    mimetype: input.mimetype,
    fileSha256: sealed.fileSha256,
    fileEncSha256: sealed.fileEncSha256,
    fileLength: sealed.fileLength,
    ...(input.caption !== undefined && input.kind !== 'audio' && input.kind !== 'sticker' ? { caption: input.caption } : {}),
  }
  switch (input.kind) {
    case 'image':
      return { imageMessage: content }
    case 'video':
      return { videoMessage: content }
    case 'audio':
      return { audioMessage: { ...content, ptt: !!input.ptt } }
    case 'document':
      return { documentMessage: { ...content, fileName: input.fileName ?? 'file' } }
    case 'sticker':
      return { stickerMessage: content }
  }
}

function parseFont(font: number | string): number {
  const FontType = proto.Message.ExtendedTextMessage.FontType
  const value = typeof font === 'string' ? FontType[font as keyof typeof FontType] : font
  if (typeof value !== 'number' || !Number.isInteger(value) || FontType[value] === undefined) {
    throw badRequest(`font must be one of ${Object.keys(FontType).filter(k => Number.isNaN(Number(k))).join(', ')} or its number`)
  }
  return value
}
