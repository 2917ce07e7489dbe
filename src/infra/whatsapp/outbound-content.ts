import { proto, type AnyMessageContent, type MiscMessageGenerationOptions, type WAMessage } from '@whiskeysockets/baileys'
import type { OutboundMessage } from '../../domain/ports/whatsapp-driver.ts'
import { STATUS_JID } from '../../domain/messages/jid.ts'

/** A send in Baileys' terms: the content, and the options (reply, status audience and style). */
export function toBaileysSend(message: OutboundMessage): { jid: string; content: AnyMessageContent; options: MiscMessageGenerationOptions } {
  const c = message.content
  const options: MiscMessageGenerationOptions = message.quoted ? { quoted: quotedOf(message) } : {}
  switch (c.kind) {
    case 'text':
      return { jid: message.jid, content: { text: c.text }, options }
    case 'image':
      return { jid: message.jid, content: { image: c.resolved.bytes, mimetype: c.resolved.mimetype, ...(c.caption ? { caption: c.caption } : {}), ...viewOnce(c) }, options }
    case 'video':
      return {
        jid: message.jid,
        content: { video: c.resolved.bytes, mimetype: c.resolved.mimetype, ...(c.caption ? { caption: c.caption } : {}), ...(c.gifPlayback ? { gifPlayback: true } : {}), ...viewOnce(c) },
        options,
      }
    case 'audio':
      return { jid: message.jid, content: { audio: c.resolved.bytes, mimetype: c.resolved.mimetype, ptt: Boolean(c.ptt), ...viewOnce(c) }, options }
    case 'document':
      return {
        jid: message.jid,
        content: {
          document: c.resolved.bytes,
          mimetype: c.mimetype ?? c.resolved.mimetype,
          fileName: c.fileName ?? c.resolved.fileName ?? 'file',
          ...(c.caption ? { caption: c.caption } : {}),
        },
        options,
      }
    case 'sticker':
      return { jid: message.jid, content: { sticker: c.resolved.bytes, mimetype: 'image/webp' }, options }
    case 'location':
      return {
        jid: message.jid,
        content: { location: { degreesLatitude: c.latitude, degreesLongitude: c.longitude, ...(c.name ? { name: c.name } : {}), ...(c.address ? { address: c.address } : {}) } },
        options,
      }
    case 'contacts':
      return {
        jid: message.jid,
        content: { contacts: { displayName: c.displayName, contacts: c.vcards.map((vcard) => ({ vcard, displayName: /^FN:(.*)$/m.exec(vcard)?.[1] ?? c.displayName })) } },
        options,
      }
    case 'poll':
      // Baileys draws the poll's messageSecret (votes are encrypted with it): the sent message keeps it.
      return { jid: message.jid, content: { poll: { name: c.name, values: [...c.values], selectableCount: c.selectableCount } }, options }
    case 'reaction':
      return {
        jid: message.jid,
        content: { react: { text: c.emoji, key: { remoteJid: message.jid, id: c.keyId, fromMe: c.fromMe ?? false, ...(c.participant ? { participant: c.participant } : {}) } } },
        options: {},
      }
    case 'status': {
      const style = { statusJidList: [...c.audience], ...(c.backgroundColor ? { backgroundColor: c.backgroundColor } : {}), ...(c.font !== undefined ? { font: c.font } : {}) }
      if (c.resolved && c.mediaKind === 'video') return { jid: STATUS_JID, content: { video: c.resolved.bytes, mimetype: c.resolved.mimetype, caption: c.text }, options: style }
      if (c.resolved) return { jid: STATUS_JID, content: { image: c.resolved.bytes, mimetype: c.resolved.mimetype, caption: c.text }, options: style }
      return { jid: STATUS_JID, content: { text: c.text ?? '' }, options: style }
    }
  }
}

/** View once: WhatsApp wraps the media in a viewOnceMessage, shown a single time. */
const viewOnce = (c: { viewOnce?: boolean }) => (c.viewOnce ? { viewOnce: true } : {})

function quotedOf(message: OutboundMessage): WAMessage {
  const q = message.quoted!
  return {
    key: { remoteJid: message.jid, id: q.keyId, fromMe: q.fromMe, ...(q.participant ? { participant: q.participant } : {}) },
    message: proto.Message.fromObject((q.content ?? {}) as Record<string, unknown>),
  }
}
