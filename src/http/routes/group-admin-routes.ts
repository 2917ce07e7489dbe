import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ChangeGroupParticipants } from '../../app/groups/change-group-participants.ts'
import { GetGroup } from '../../app/groups/get-group.ts'
import { GetGroupInvite, RevokeGroupInvite } from '../../app/groups/group-invites.ts'
import { JoinGroup, LeaveGroup } from '../../app/groups/group-membership.ts'
import { UpdateGroup } from '../../app/groups/update-group.ts'
import { GROUP_JID, LID_JID, USER_JID } from '../../domain/messages/jid.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

const sessionRef = z.string().trim().min(1, 'is required and must not be empty').max(64)
const groupJid = z.string().trim().regex(GROUP_JID, 'must be a group JID ending with @g.us, e.g. 120363014587327510@g.us')
const person = z
  .string()
  .trim()
  .refine((jid) => USER_JID.test(jid) || LID_JID.test(jid), 'must be a JID ending with @s.whatsapp.net or @lid, e.g. 6287748687946@s.whatsapp.net')

/** An invite code, or a link that carries one (https://chat.whatsapp.com/<code>). */
const INVITE_LINK = /^(?:https?:\/\/)?chat\.whatsapp\.com\/(?:invite\/)?([A-Za-z0-9_-]{6,64})\/?(?:[?#].*)?$/
const INVITE_CODE = /^[A-Za-z0-9_-]{6,64}$/
const inviteCode = z
  .string()
  .trim()
  .transform((given, ctx) => {
    const code = INVITE_CODE.test(given) ? given : INVITE_LINK.exec(given)?.[1]
    if (!code) ctx.addIssue({ code: 'custom', message: 'must be an invite code or a https://chat.whatsapp.com/<code> link' })
    return code ?? ''
  })

const adminOf = z.enum(['admin', 'superadmin']).nullable()
const groupDetailResponse = z.object({
  sessionId: z.string(),
  jid: z.string().meta({ example: '120363025343298765@g.us' }),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  ownerJid: z.string().nullable(),
  creation: z.string().nullable(),
  announce: z.boolean().meta({ description: 'only admins may send messages' }),
  restrict: z.boolean().meta({ description: 'only admins may edit the group info' }),
  participants: z.array(z.object({ jid: z.string(), jidAlt: z.string().nullable(), admin: adminOf })),
  admins: z.array(z.string()),
  size: z.number().int(),
})
const participantsResponse = z.object({
  sessionId: z.string(),
  groupJid: z.string(),
  action: z.enum(['add', 'remove', 'promote', 'demote']),
  results: z.array(
    z.object({
      input: z.string(),
      jid: z.string(),
      jidAlt: z.string().nullable(),
      status: z.string().meta({ example: '200', description: "WhatsApp's answer: 200 done, 403 not allowed, 404 not found, 409 already a member…" }),
      success: z.boolean(),
    }),
  ),
})
const groupDoneResponse = z.object({ success: z.literal(true), sessionId: z.string(), groupJid: z.string() })
const inviteResponse = z.object({ sessionId: z.string(), groupJid: z.string(), code: z.string(), link: z.string().meta({ example: 'https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv' }) })
const groupParams = z.object({ sessionId: sessionRef, groupJid })

/** Group administration (issue 13): metadata, participants, subject/description/settings, invites, join and leave. */
export function groupAdminRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/groups/:sessionId/:groupJid',
      summary: "A group's metadata: subject, description, settings, participants (both address forms) and admins",
      response: groupDetailResponse,
      access: 'authenticated',
      params: groupParams,
      handle: ({ ctx, params }) => app.queries.execute(new GetGroup(callerOf(ctx), params.sessionId, params.groupJid)),
    }),
    route({
      method: 'post',
      path: '/api/groups/participants',
      summary: 'Add, remove, promote or demote group participants; a result per participant',
      response: participantsResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: sessionRef,
        groupJid,
        action: z.enum(['add', 'remove', 'promote', 'demote'], 'must be add, remove, promote or demote'),
        participants: z.array(person).min(1, 'needs at least one participant').max(256, 'takes at most 256 participants at a time'),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new ChangeGroupParticipants(callerOf(ctx), body)),
    }),
    route({
      method: 'patch',
      path: '/api/groups/:sessionId/:groupJid',
      summary: "Change a group's subject, description, or who may send (announce) and edit its info (restrict)",
      response: groupDoneResponse,
      access: 'authenticated',
      params: groupParams,
      body: z
        .object({
          subject: z.string().trim().min(1, 'must have 1 to 100 characters').max(100, 'must have 1 to 100 characters').optional(),
          description: z.string().max(2048, 'must have at most 2048 characters').optional(),
          announce: z.boolean('must be true or false').optional(),
          restrict: z.boolean('must be true or false').optional(),
        })
        .strict()
        .refine((b) => Object.keys(b).length > 0, 'needs subject, description, announce or restrict'),
      handle: ({ ctx, params, body }) => app.commands.execute(new UpdateGroup(callerOf(ctx), params.sessionId, params.groupJid, body)),
    }),
    route({
      method: 'get',
      path: '/api/groups/:sessionId/:groupJid/invite',
      summary: "A group's invite code and link (admins only)",
      response: inviteResponse,
      access: 'authenticated',
      params: groupParams,
      handle: ({ ctx, params }) => app.queries.execute(new GetGroupInvite(callerOf(ctx), params.sessionId, params.groupJid)),
    }),
    route({
      method: 'post',
      path: '/api/groups/:sessionId/:groupJid/invite/revoke',
      summary: "Revoke a group's invite link; answers the new one",
      response: inviteResponse,
      access: 'authenticated',
      params: groupParams,
      handle: ({ ctx, params }) => app.commands.execute(new RevokeGroupInvite(callerOf(ctx), params.sessionId, params.groupJid)),
    }),
    route({
      method: 'post',
      path: '/api/groups/join',
      summary: 'Join a group by its invite code or chat.whatsapp.com link',
      response: groupDoneResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, inviteCode }),
      handle: ({ ctx, body }) => app.commands.execute(new JoinGroup(callerOf(ctx), body.sessionId, body.inviteCode)),
    }),
    route({
      method: 'post',
      path: '/api/groups/leave',
      summary: 'Leave a group',
      response: groupDoneResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, groupJid }),
      handle: ({ ctx, body }) => app.commands.execute(new LeaveGroup(callerOf(ctx), body.sessionId, body.groupJid)),
    }),
  ]
}
