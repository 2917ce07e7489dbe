import { z } from 'zod'
import type { OutboundContent } from '../domain/messages/outbound.ts'
import { httpUrl } from './schemas.ts'

const media = z.object({ url: httpUrl }, { error: 'must be { "url": "https://…" }' })
const MESSAGE_KINDS = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'contact', 'react', 'poll'] as const
const VIEW_ONCE_KINDS = ['image', 'video', 'audio'] as const

/** A poll, as Baileys takes it: 2 to 12 distinct options, of which `selectableCount` may be chosen (0: any number). */
const poll = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(255),
    values: z.array(z.string().trim().min(1, 'an option must not be empty').max(100)).min(2, 'needs at least 2 options').max(12, 'takes at most 12 options'),
    selectableCount: z.number().int().min(0, 'must be 0 (any number) or more').default(1),
  })
  .refine((p) => new Set(p.values).size === p.values.length, { message: 'options must be distinct', path: ['values'] })
  .refine((p) => p.selectableCount <= p.values.length, { message: 'must not exceed the number of options', path: ['selectableCount'] })

/**
 * The seed's `message` object of POST /api/chat/send (Baileys-shaped): exactly one of text, image,
 * video, audio, document, sticker, location, contacts (or the simpler `contact`), react; plus
 * caption, mimetype, fileName, ptt, gifPlayback, and `quoted` (the key id of the message replied to).
 * Also `poll` ({ name, values, selectableCount }) and `viewOnce: true` on an image, video or audio.
 */
export const seedMessage = z
  .object({
    text: z.string().min(1, 'must not be empty').max(65_536).optional(),
    image: media.optional(),
    video: media.optional(),
    audio: media.optional(),
    document: media.optional(),
    sticker: media.optional(),
    caption: z.string().max(4096).optional(),
    mimetype: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as application/pdf').optional(),
    fileName: z.string().min(1).max(255).optional(),
    ptt: z.boolean().optional(),
    gifPlayback: z.boolean().optional(),
    location: z
      .object({
        degreesLatitude: z.number().min(-90).max(90),
        degreesLongitude: z.number().min(-180).max(180),
        name: z.string().max(256).optional(),
        address: z.string().max(512).optional(),
      })
      .optional(),
    contacts: z
      .object({
        displayName: z.string().max(256).optional(),
        contacts: z.array(z.object({ vcard: z.string().min(10).max(10_000) })).min(1).max(50),
      })
      .optional(),
    contact: z
      .object({ fullName: z.string().min(1).max(256), phoneNumber: z.string().regex(/^\+?\d{6,15}$/, 'must be a phone number'), organization: z.string().max(256).optional() })
      .optional(),
    react: z
      .object({
        text: z.string().max(16, 'must be one emoji (or empty to take a reaction back)'),
        key: z.object({ id: z.string().min(1).max(128), fromMe: z.boolean().optional(), participant: z.string().max(100).optional() }),
      })
      .optional(),
    poll: poll.optional(),
    viewOnce: z.boolean().optional(),
    quoted: z.union([z.string().min(1).max(128), z.object({ keyId: z.string().min(1).max(128) }), z.object({ id: z.string().min(1).max(128) })]).optional(),
  })
  .superRefine((m, ctx) => {
    const kinds = MESSAGE_KINDS.filter((k) => m[k] !== undefined)
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: kinds.length === 0 ? `must contain one of ${MESSAGE_KINDS.join(', ')}` : `must contain only one of ${kinds.join(', ')}`,
      })
    }
    if (m.viewOnce && !VIEW_ONCE_KINDS.some((k) => m[k] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['viewOnce'], message: `applies only to ${VIEW_ONCE_KINDS.join(', ')}` })
    }
  })
  .transform((m): { content: OutboundContent; quotedKeyId?: string } => ({
    content: toContent(m),
    ...(m.quoted ? { quotedKeyId: typeof m.quoted === 'string' ? m.quoted : 'keyId' in m.quoted ? m.quoted.keyId : m.quoted.id } : {}),
  }))

/** A poll given beside `message` in POST /api/chat/send, as the content it is. */
export const pollMessage = poll.transform((p): { content: OutboundContent } => ({ content: { kind: 'poll', name: p.name, values: p.values, selectableCount: p.selectableCount } }))

type SeedMessage = z.input<typeof seedMessage>

function toContent(m: SeedMessage): OutboundContent {
  const caption = m.caption ? { caption: m.caption } : {}
  const viewOnce = m.viewOnce ? { viewOnce: true } : {}
  if (m.text !== undefined) return { kind: 'text', text: m.text }
  if (m.image) return { kind: 'image', media: m.image, ...caption, ...viewOnce }
  if (m.video) return { kind: 'video', media: m.video, ...caption, ...(m.gifPlayback ? { gifPlayback: true } : {}), ...viewOnce }
  if (m.audio) return { kind: 'audio', media: m.audio, ...(m.ptt ? { ptt: true } : {}), ...(m.mimetype ? { mimetype: m.mimetype } : {}), ...viewOnce }
  if (m.poll) return { kind: 'poll', name: m.poll.name, values: m.poll.values, selectableCount: m.poll.selectableCount ?? 1 }
  if (m.document) return { kind: 'document', media: m.document, ...caption, ...(m.mimetype ? { mimetype: m.mimetype } : {}), ...(m.fileName ? { fileName: m.fileName } : {}) }
  if (m.sticker) return { kind: 'sticker', media: m.sticker }
  if (m.location) {
    const l = m.location
    return { kind: 'location', latitude: l.degreesLatitude, longitude: l.degreesLongitude, ...(l.name ? { name: l.name } : {}), ...(l.address ? { address: l.address } : {}) }
  }
  if (m.contacts) return { kind: 'contacts', ...(m.contacts.displayName ? { displayName: m.contacts.displayName } : {}), vcards: m.contacts.contacts.map((c) => c.vcard) }
  if (m.contact) return { kind: 'contacts', displayName: m.contact.fullName, vcards: [vcardOf(m.contact)] }
  const react = m.react!
  return { kind: 'reaction', keyId: react.key.id, emoji: react.text, ...(react.key.fromMe !== undefined ? { fromMe: react.key.fromMe } : {}), ...(react.key.participant ? { participant: react.key.participant } : {}) }
}

/** A minimal vCard 3.0 with WhatsApp's waid, so the card opens a chat. */
export function vcardOf(contact: { fullName: string; phoneNumber: string; organization?: string }): string {
  const digits = contact.phoneNumber.replace(/\D/g, '')
  const escape = (v: string) => v.replace(/([,;\\])/g, '\\$1').replace(/\n/g, '\\n')
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `FN:${escape(contact.fullName)}`,
    ...(contact.organization ? [`ORG:${escape(contact.organization)}`] : []),
    `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`,
    'END:VCARD',
  ].join('\n')
}
