/** proto.Message helpers: (de)coding the Signal plaintext and describing a message. */
import { encodeWAMessage, normalizeMessageContent, proto, unpadRandomMax16 } from '@whiskeysockets/baileys'

/** Signal plaintext of a message: the encoded proto with WhatsApp's random padding. */
export const encodeMessage = (message: proto.IMessage): Buffer => encodeWAMessage(message)

export type DecodedMessage = {
  message: proto.Message
  /** Set when the plaintext was a deviceSentMessage (the copy for the sender's own devices). */
  deviceSent?: { destinationJid?: string }
}

export function decodeMessage(plaintext: Uint8Array): DecodedMessage {
  const outer = proto.Message.decode(unpadRandomMax16(plaintext))
  const dsm = outer.deviceSentMessage
  if (dsm?.message) {
    return { message: proto.Message.create(dsm.message), deviceSent: dsm.destinationJid ? { destinationJid: dsm.destinationJid } : {} }
  }
  return { message: outer }
}

/** JSON form of a message as records and the admin API show it (bytes base64, longs numbers). */
export function messageToJson(message: proto.IMessage): Record<string, unknown> {
  return proto.Message.toObject(proto.Message.create(message), { longs: Number, bytes: String, enums: String, defaults: false })
}

/** Builds a message from its JSON form (the inverse of messageToJson; base64 strings for bytes). */
export function messageFromJson(json: unknown): proto.Message {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TypeError('message must be an object')
  return proto.Message.fromObject(json)
}

/** The text of a message: conversation, extended text, a caption or a title, when there is one. */
export function extractText(message: proto.IMessage): string | undefined {
  const content = normalizeMessageContent(message)
  if (!content) return undefined
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    content.reactionMessage?.text ??
    content.pollCreationMessage?.name ??
    content.pollCreationMessageV3?.name ??
    content.locationMessage?.name ??
    undefined
  )
}

/** The `type` attribute of a message stanza, as WhatsApp clients set it. */
export function stanzaTypeOf(message: proto.IMessage): string {
  const content = normalizeMessageContent(message)
  if (!content) return 'text'
  if (content.reactionMessage || content.encReactionMessage) return 'reaction'
  if (content.pollCreationMessage || content.pollCreationMessageV2 || content.pollCreationMessageV3 || content.pollUpdateMessage) {
    return 'poll'
  }
  if (content.eventMessage) return 'event'
  if (mediaTypeOf(content)) return 'media'
  return 'text'
}

/** The `mediatype` of an `enc` node for media messages ('' when not media). */
export function mediaTypeOf(content: proto.IMessage): string {
  if (content.imageMessage) return 'image'
  if (content.videoMessage) return content.videoMessage.gifPlayback ? 'gif' : 'video'
  if (content.audioMessage) return content.audioMessage.ptt ? 'ptt' : 'audio'
  if (content.documentMessage) return 'document'
  if (content.stickerMessage) return 'sticker'
  if (content.contactMessage) return 'vcard'
  if (content.contactsArrayMessage) return 'contact_array'
  if (content.liveLocationMessage) return 'livelocation'
  return ''
}
