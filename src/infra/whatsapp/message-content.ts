import { getContentType, normalizeMessageContent, proto } from '@whiskeysockets/baileys'
import type { MediaInfo, MessageType } from '../../domain/messages/message-events.ts'
import type { PollInfo } from '../../domain/messages/poll-events.ts'

type Content = proto.IMessage

const TYPE_BY_KEY: Readonly<Record<string, MessageType>> = {
  conversation: 'TEXT',
  extendedTextMessage: 'TEXT',
  imageMessage: 'IMAGE',
  videoMessage: 'VIDEO',
  ptvMessage: 'VIDEO',
  audioMessage: 'AUDIO',
  documentMessage: 'DOCUMENT',
  documentWithCaptionMessage: 'DOCUMENT',
  stickerMessage: 'STICKER',
  locationMessage: 'LOCATION',
  liveLocationMessage: 'LOCATION',
  contactMessage: 'CONTACT',
  contactsArrayMessage: 'CONTACT',
  reactionMessage: 'REACTION',
  pollCreationMessage: 'POLL',
  pollCreationMessageV2: 'POLL',
  pollCreationMessageV3: 'POLL',
}

/** A WhatsApp message's payload, unwrapped (ephemeral, view-once, document-with-caption). */
export function unwrap(message: Content | null | undefined): { key: string | undefined; inner: Content | undefined } {
  let content = normalizeMessageContent(message) ?? undefined
  if (content?.documentWithCaptionMessage?.message) content = content.documentWithCaptionMessage.message
  return { key: content ? getContentType(content) : undefined, inner: content }
}

export function messageTypeOf(key: string | undefined): MessageType {
  return (key && TYPE_BY_KEY[key]) || 'OTHER'
}

/** The text a person would read: the text itself, a caption, a place's name, a contact's name. */
export function textOf(content: Content | undefined): string | null {
  if (!content) return null
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    content.locationMessage?.name ??
    content.locationMessage?.address ??
    content.contactMessage?.displayName ??
    content.contactsArrayMessage?.displayName ??
    content.reactionMessage?.text ??
    pollCreationOf(content)?.name ??
    null
  )
}

/** The message this one replies to, if any. */
export function quotedKeyIdOf(content: Content | undefined, key: string | undefined): string | null {
  if (!content || !key) return null
  const part = (content as Record<string, unknown>)[key] as { contextInfo?: proto.IContextInfo | null } | undefined
  return part?.contextInfo?.stanzaId ?? null
}

export function mediaOf(content: Content | undefined): MediaInfo | null {
  const media = content?.imageMessage ?? content?.videoMessage ?? content?.audioMessage ?? content?.documentMessage ?? content?.stickerMessage ?? content?.ptvMessage
  if (!media) return null
  const size = media.fileLength == null ? null : Number(media.fileLength)
  return {
    mimetype: media.mimetype ?? null,
    fileName: 'fileName' in media ? (media.fileName ?? null) : null,
    size: Number.isFinite(size) ? size : null,
    seconds: 'seconds' in media ? (media.seconds ?? null) : null,
  }
}

/** proto.Message as plain JSON (bytes as base64), without the per-message secret used to encrypt reactions and polls. */
export function contentAsJson(message: Content | null | undefined): Record<string, unknown> | null {
  if (!message) return null
  const json = proto.Message.toObject(message instanceof proto.Message ? message : proto.Message.fromObject(message), {
    longs: Number,
    enums: String,
    bytes: String,
  }) as Record<string, unknown>
  delete json.messageContextInfo
  return json
}

/** A poll creation message, whichever version WhatsApp used (V3: single choice, V2: announcement groups). */
export function pollCreationOf(content: Content | undefined): proto.Message.IPollCreationMessage | undefined {
  return content?.pollCreationMessage ?? content?.pollCreationMessageV3 ?? content?.pollCreationMessageV2 ?? undefined
}

/** What a poll asks: its question, options and how many may be chosen. */
export function pollOf(content: Content | undefined): PollInfo | null {
  const poll = pollCreationOf(content)
  if (!poll) return null
  return { name: poll.name ?? '', options: (poll.options ?? []).map((o) => o.optionName ?? ''), selectableCount: poll.selectableOptionsCount ?? 0 }
}
