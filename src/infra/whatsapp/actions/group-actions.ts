import type { GroupAction, GroupParticipantResult } from '../../../domain/actions/group-actions.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../../domain/errors.ts'
import { GroupEventTypes, type GroupParticipantsData } from '../../../domain/messages/message-events.ts'
import { groupData } from '../traffic-events.ts'
import type { ActionContext } from './action-context.ts'

/**
 * Group administration through Baileys' w:g2 queries. WhatsApp tells the other members (and this
 * account's other devices) with group notifications, but not the device that made the change: what it
 * changed is recorded here (group.update with the metadata as it is now, group.participants).
 */
export async function performGroupAction(context: ActionContext, action: GroupAction): Promise<unknown> {
  try {
    return await perform(context, action)
  } catch (error) {
    throw refusal(action, error)
  }
}

/**
 * WhatsApp's answer to a refused group query (Baileys: a Boom whose data is the iq's error code), in
 * the gateway's words: not an admin or not a member is 403, an unknown group or invite code 404.
 */
function refusal(action: GroupAction, error: unknown): unknown {
  const code = (error as { data?: unknown }).data
  const what = `WhatsApp refused ${action.kind} (${String(code)} ${(error as Error).message})`
  if (code === 401 || code === 403) return new ForbiddenError(`${what}: this account is not allowed (an admin's change, or not a member)`)
  if (code === 404 || code === 410) return new NotFoundError(`${what}: no such group or invite code`)
  if (code === 406 || code === 409) return new ConflictError(what)
  return error
}

async function perform(context: ActionContext, action: GroupAction): Promise<unknown> {
  const { socket } = context
  switch (action.kind) {
    case 'group.participants': {
      const answers = await socket.groupParticipantsUpdate(action.groupJid, [...action.participants], action.action)
      // The members as they are now: their LID↔number pairs (a person given by LID gets their number), the list.
      const metadata = answers.some((r) => r.status === '200') ? await socket.groupMetadata(action.groupJid) : undefined
      const update = metadata ? groupData(metadata, context.identities) : undefined
      // WhatsApp answers with the address it was given; the caller sees the canonical form.
      const results = answers.map((r): GroupParticipantResult => {
        const jid = context.identities.canonical(r.jid ?? '')
        return { given: r.jid ?? '', jid, jidAlt: context.identities.alternate(jid), status: r.status }
      })
      const done = results.filter((r) => r.status === '200')
      if (done.length > 0) context.record([participantsChange(context, action.groupJid, action.action, done.map((r) => r.jid))])
      if (update) context.record([{ type: GroupEventTypes.update, data: update }])
      return results
    }
    case 'group.update': {
      const changes = [
        ...(action.subject !== undefined ? [() => socket.groupUpdateSubject(action.groupJid, action.subject!)] : []),
        ...(action.description !== undefined ? [() => socket.groupUpdateDescription(action.groupJid, action.description || undefined)] : []),
        ...(action.announce !== undefined ? [() => socket.groupSettingUpdate(action.groupJid, action.announce ? 'announcement' : 'not_announcement')] : []),
        ...(action.restrict !== undefined ? [() => socket.groupSettingUpdate(action.groupJid, action.restrict ? 'locked' : 'unlocked')] : []),
      ]
      let changed = 0
      try {
        for (const change of changes) {
          await change()
          changed++
        }
      } finally {
        // The metadata as it is now, also when a later change was refused: what did change is recorded
        // (WhatsApp does not notify the device that made it).
        if (changed > 0) {
          const metadata = await socket.groupMetadata(action.groupJid).catch(() => undefined)
          if (metadata) context.record([{ type: GroupEventTypes.update, data: groupData(metadata, context.identities) }])
        }
      }
      return { jid: action.groupJid }
    }
    case 'group.invite-code': {
      const code = await socket.groupInviteCode(action.groupJid)
      if (!code) throw new Error('WhatsApp answered no invite code')
      context.record([{ type: GroupEventTypes.update, data: { jid: action.groupJid, inviteCode: code } }])
      return { code }
    }
    case 'group.revoke-invite': {
      const code = await socket.groupRevokeInvite(action.groupJid)
      if (!code) throw new Error('WhatsApp answered no invite code')
      context.record([{ type: GroupEventTypes.update, data: { jid: action.groupJid, inviteCode: code } }])
      return { code }
    }
    case 'group.join': {
      const jid = await socket.groupAcceptInvite(action.inviteCode)
      if (!jid) throw new Error('WhatsApp did not say which group was joined')
      const metadata = await socket.groupMetadata(jid)
      context.record([{ type: GroupEventTypes.update, data: groupData(metadata, context.identities) }])
      return { jid }
    }
    case 'group.leave': {
      await socket.groupLeave(action.groupJid)
      const me = context.identities.canonical(socket.user?.id ?? null)
      context.record([participantsChange(context, action.groupJid, 'remove', me ? [me] : [], true)])
      return { jid: action.groupJid }
    }
  }
}

function participantsChange(context: ActionContext, groupJid: string, action: GroupParticipantsData['action'], jids: readonly string[], left = false) {
  const { identities, socket } = context
  const me = identities.canonical(socket.user?.id ?? null)
  const data: GroupParticipantsData = {
    jid: groupJid,
    action,
    participants: jids.map((jid) => ({ jid, jidAlt: identities.alternate(jid) })),
    author: me,
    ...(left ? { left } : {}),
  }
  return { type: GroupEventTypes.participants, data }
}
