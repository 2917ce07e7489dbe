import { z } from 'zod'

/** What the message action routes answer (POST /api/chat/edit, revoke, forward, read, presence). */
export const editResponse = z.object({
  success: z.literal(true),
  messageId: z.string().meta({ description: 'the edited message' }),
  editId: z.string().meta({ description: "the id of the protocol message that carried the edit" }),
})

export const revokeResponse = z.object({
  success: z.literal(true),
  messageId: z.string().meta({ description: 'the message deleted for everyone' }),
  revokeId: z.string().meta({ description: "the id of the protocol message that carried the deletion" }),
})

export const forwardResponse = z.object({
  success: z.literal(true),
  messageId: z.string().meta({ description: "WhatsApp's id of the forwarded copy" }),
  remoteJid: z.string(),
  timestamp: z.number().int(),
})

export const readResponse = z.object({ success: z.literal(true), read: z.number().int().meta({ description: 'how many messages were marked read' }) })

export const presenceResponse = z.object({
  success: z.literal(true),
  jid: z.string(),
  presence: z.enum(['composing', 'recording', 'paused', 'available', 'unavailable']),
})
