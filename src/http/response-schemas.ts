import { z } from 'zod'
import { SESSION_STATUSES } from '../domain/session/session-events.ts'

/**
 * What the routes answer, as zod schemas: the API document (GET /openapi.json) shows them. They
 * describe the app layer's views (src/app/…/…-view.ts); the routes do not validate their output.
 */

const isoDate = z.string().meta({ format: 'date-time', example: '2026-01-10T10:00:00.000Z' })

export const successResponse = z.object({ success: z.literal(true) })

export const apiKeyResponse = z.object({ apiKey: z.string().nullable().meta({ example: 'wag_j10883AbCdEfGhIjKlMnOpQrStUvWxYz' }) })

export const sessionConfigResponse = z.object({
  autoReplyEnabled: z.boolean(),
  ppGuardEnabled: z.boolean(),
  ppGuardFallbackUrl: z.string().nullable(),
  readReceipts: z.boolean(),
  antiDelete: z.boolean(),
  ghostMode: z.boolean(),
  rejectCalls: z.boolean(),
  rejectCallsMessage: z.string().nullable(),
})

export const sessionResponse = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string().meta({ example: 'My iPhone' }),
  sessionId: z.string().meta({ example: '57xx1x' }),
  status: z.enum(SESSION_STATUSES),
  qr: z.string().nullable().meta({ description: 'the QR to scan while linking, else null' }),
  pairingCode: z.string().nullable(),
  config: sessionConfigResponse,
  me: z.object({ jid: z.string(), lid: z.string().optional(), name: z.string().optional() }).nullable().meta({ description: 'the linked WhatsApp account' }),
  statusReason: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
})

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['SUPERADMIN', 'OWNER', 'STAFF']),
  disabled: z.boolean(),
  assignedSessionIds: z.array(z.string()),
  createdAt: isoDate,
  updatedAt: isoDate,
})

export const chatResponse = z.object({
  jid: z.string().meta({ example: '6281234567890@s.whatsapp.net', description: 'the phone-number JID when known, the LID until then' }),
  jidAlt: z.string().nullable().meta({ example: '123456789012345@lid', description: "the contact's other address, when known" }),
  name: z.string().nullable(),
  notify: z.string().nullable(),
  profilePic: z.string().nullable(),
  lastMessage: z.object({ content: z.string().nullable(), timestamp: isoDate, type: z.string(), fromMe: z.boolean() }).nullable(),
  isGroup: z.boolean(),
  archived: z.boolean(),
  pinned: z.boolean(),
  pinnedAt: isoDate.nullable().meta({ description: 'when the chat was pinned' }),
  mutedUntil: isoDate.nullable().meta({ description: 'muted until this time; null: not muted' }),
  unreadCount: z.number().int().meta({ description: 'messages received since the chat was last read' }),
  markedUnread: z.boolean().meta({ description: 'marked unread on purpose (the count may be 0)' }),
})

export const messageResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  remoteJid: z.string(),
  remoteJidAlt: z.string().nullable().meta({ description: "the contact's other address (LID or phone number), when known" }),
  senderJid: z.string().nullable(),
  fromMe: z.boolean(),
  keyId: z.string(),
  pushName: z.string().nullable(),
  type: z.string().meta({ example: 'TEXT' }),
  content: z.string().nullable(),
  mediaUrl: z.string().nullable(),
  status: z.string().nullable().meta({ example: 'DELIVERED' }),
  timestamp: isoDate,
  quoteId: z.string().nullable(),
  reactions: z.record(z.string(), z.string()),
  revoked: z.boolean(),
  editedAt: isoDate.nullable().meta({ description: 'when the text was last edited' }),
  poll: z
    .object({
      name: z.string(),
      selectableCount: z.number().int().meta({ description: 'how many options a voter may choose (0: any number)' }),
      options: z.array(z.object({ name: z.string(), votes: z.number().int(), voters: z.array(z.string()) })),
      voters: z.number().int(),
    })
    .nullable()
    .meta({ description: 'a poll (type POLL): its question and results' }),
})

export const sendResponse = z.object({
  success: z.literal(true),
  messageId: z.string().meta({ description: "WhatsApp's id of the message (the keyId in GET /api/chat/…)" }),
  remoteJid: z.string(),
  timestamp: z.number().int(),
})

export const groupResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  jid: z.string().meta({ example: '120363025343298765@g.us' }),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  ownerJid: z.string().nullable(),
  participants: z.array(z.object({ id: z.string(), admin: z.enum(['admin', 'superadmin']).nullable() })),
  creation: z.string().nullable(),
  restrict: z.boolean(),
  announce: z.boolean(),
  inviteCode: z.string().nullable(),
})

export const groupCreatedResponse = z.object({ success: z.literal(true), group: z.object({ id: z.string(), subject: z.string() }) })

export const broadcastStartedResponse = z.object({ success: z.literal(true), message: z.string(), broadcastId: z.string() })

export const broadcastResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  status: z.string(),
  message: z.string(),
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  createdAt: isoDate,
  updatedAt: isoDate,
  recipients: z.array(z.object({ jid: z.string(), status: z.string(), messageId: z.string().nullable(), error: z.string().nullable(), updatedAt: isoDate })),
})

export const repeatedSendResponse = z.object({ success: z.literal(true), message: z.string(), repeatedSendId: z.string(), count: z.number().int(), delayMs: z.number().int() })

export const statusPostedResponse = z.object({ success: z.literal(true), messageId: z.string(), audience: z.number().int() })

export const scheduleResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  jid: z.string(),
  content: z.string(),
  mediaUrl: z.string().nullable(),
  mediaType: z.string().nullable(),
  sendAt: isoDate,
  status: z.string().meta({ example: 'PENDING' }),
  messageId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: isoDate,
})

export const autoReplyResponse = z.object({
  id: z.string(),
  sessionId: z.string(),
  keyword: z.string(),
  response: z.string(),
  matchType: z.enum(['EXACT', 'CONTAINS', 'REGEX']),
  createdAt: isoDate,
})

export const webhookResponse = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  url: z.string(),
  secret: z.string().nullable(),
  sessionId: z.string().nullable(),
  events: z.array(z.string()),
  isActive: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
})

export const deliveryResponse = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string().meta({ description: 'the X-Webhook-Id header of every attempt' }),
  event: z.string(),
  sessionId: z.string(),
  eventPosition: z.string(),
  state: z.enum(['pending', 'delivered', 'dead', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: isoDate.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastAttemptAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  attemptLog: z.array(z.object({ attempt: z.number().int(), startedAt: isoDate, latencyMs: z.number().int(), statusCode: z.number().int().nullable(), error: z.string().nullable(), nodeId: z.string() })),
  payload: z.unknown().optional().meta({ description: 'only on GET of one delivery: the body it sends' }),
})

export const replayResponse = z.object({
  id: z.string(),
  webhookId: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  afterPosition: z.string(),
  toPosition: z.string(),
  since: isoDate.nullable(),
  cursor: z.string(),
  queued: z.number().int(),
  requestedAt: isoDate,
  finishedAt: isoDate.nullable(),
})
