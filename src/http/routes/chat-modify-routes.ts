import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ModifyChat } from '../../app/chats/modify-chat.ts'
import { isSendableJid, JID_HINT } from '../../domain/messages/jid.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

const ACTIONS = ['archive', 'unarchive', 'pin', 'unpin', 'mute', 'unmute', 'markRead', 'markUnread', 'delete'] as const
/** The longest mute WhatsApp offers is "always"; a year past that is a mistake. */
const MAX_MUTE_MS = 366 * 24 * 3600 * 1000

/** Until when a mute lasts: an ISO time to come, or a number of seconds from now. */
const muteUntil = z.union([z.number(), z.string()]).transform((given, ctx) => {
  const at = typeof given === 'number' ? Date.now() + given * 1000 : /^\d+$/.test(given) ? Date.now() + Number(given) * 1000 : Date.parse(given)
  const valid = (typeof given === 'number' ? Number.isFinite(given) && given > 0 : true) && Number.isFinite(at) && at > Date.now() && at - Date.now() <= MAX_MUTE_MS
  if (!valid) ctx.addIssue({ code: 'custom', message: 'must be an ISO time to come or a number of seconds (at most a year)' })
  return new Date(valid ? at : 0)
})

const modifyChatBody = z
  .object({
    sessionId: z.string().trim().min(1, 'is required and must not be empty').max(64),
    jid: z.string().trim().refine(isSendableJid, JID_HINT),
    action: z.enum(ACTIONS, `must be one of ${ACTIONS.join(', ')}`),
    until: muteUntil.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.action === 'mute' && !body.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'is required to mute (an ISO time or a number of seconds)' })
    if (body.action !== 'mute' && body.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'is only for mute' })
  })

const modifyChatResponse = z.object({ success: z.literal(true), sessionId: z.string(), jid: z.string(), action: z.enum(ACTIONS) })

/** POST /api/chat/modify: a chat's state on the account (issue 13). */
export function chatModifyRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/chat/modify',
      summary: 'Archive, unarchive, pin, unpin, mute (until), unmute, mark read or unread, or delete a chat',
      response: modifyChatResponse,
      access: 'authenticated',
      body: modifyChatBody,
      handle: ({ ctx, body }) =>
        app.commands.execute(new ModifyChat(callerOf(ctx), { sessionId: body.sessionId, jid: body.jid, action: body.action, ...(body.until ? { muteUntil: body.until } : {}) })),
    }),
  ]
}
