/**
 * `w:g2`: groups. Create, metadata, the participating list, subject/description/settings,
 * participants add/remove/promote/demote, leave, invite codes. Members' linked devices are told
 * about changes with `<notification type="w:gp2">` (Baileys: groups.upsert / group stubs).
 * Groups use LID addressing, as new WhatsApp groups do: participants are listed by LID with
 * their `phone_number`.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { getBinaryNodeChild, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { GROUP_SERVER, TAG } from './constants.ts'
import type { Core, IqHandler } from './core.ts'
import { badRequest, notFound } from './errors.ts'
import { accountQueries, textOf } from './account-queries.ts'
import { firstChild, IQ_BAD_REQUEST, IqError, IQ_NOT_FOUND } from './iq.ts'
import { lidJid, pnJid } from './jid.ts'
import type { GroupParticipant, GroupState, UserState } from './model.ts'

export const GROUP_NOTIFICATION_TYPE = 'w:gp2'
/** Where group-wide queries (create, participating, leave) are addressed. */
const GROUPS_ENTITY = `@${GROUP_SERVER}`

export const groupJid = (group: GroupState) => `${group.id}@${GROUP_SERVER}`
const now = () => Math.floor(Date.now() / 1000)
const newInviteCode = () => randomBytes(16).toString('base64url').slice(0, 22)

function requireUser(core: Core, pn: string): UserState {
  const user = core.world.findUser(pn)
  if (!user) throw new Error(`group member ${pn} is not a user`)
  return user
}

/** The `<group>` node Baileys' extractGroupMetadata reads. */
export function groupNode(core: Core, group: GroupState): BinaryNode {
  const creator = requireUser(core, group.creator)
  const subjectOwner = core.world.findUser(group.subjectOwner) ?? creator
  const content: BinaryNode[] = group.participants.map(participant => {
    const user = requireUser(core, participant.pn)
    return {
      tag: 'participant',
      attrs: { jid: lidJid(user.lid), phone_number: pnJid(user.pn), ...(participant.admin ? { type: participant.admin } : {}) },
    }
  })
  if (group.description) {
    const owner = core.world.findUser(group.description.owner)
    content.push({
      tag: 'description',
      attrs: {
        id: group.description.id,
        t: String(group.description.time),
        ...(owner ? { participant: lidJid(owner.lid), participant_pn: pnJid(owner.pn) } : {}),
      },
      content: [{ tag: 'body', attrs: {}, content: Buffer.from(group.description.text) }],
    })
  }
  if (group.announce) content.push({ tag: 'announcement', attrs: {} })
  if (group.restrict) content.push({ tag: 'locked', attrs: {} })
  if (group.ephemeral) content.push({ tag: 'ephemeral', attrs: { expiration: String(group.ephemeral) } })
  return {
    tag: 'group',
    attrs: {
      id: group.id,
      subject: group.subject,
      s_t: String(group.subjectTime),
      s_o: lidJid(subjectOwner.lid),
      s_o_pn: pnJid(subjectOwner.pn),
      creation: String(group.creation),
      creator: lidJid(creator.lid),
      creator_pn: pnJid(creator.pn),
      addressing_mode: 'lid',
      size: String(group.participants.length),
    },
    content,
  }
}

/** Tells every member's linked devices (but `except` one) about a change, as WhatsApp does. */
export function notifyGroup(core: Core, group: GroupState, actor: UserState, child: BinaryNode, except?: { pn: string; device: number }): void {
  const recipients = new Set(group.participants.map(p => p.pn))
  // someone removed or leaving hears about it too
  for (const node of getBinaryNodeChildren(child, 'participant')) {
    const user = node.attrs.jid ? core.world.findUser(node.attrs.jid) : undefined
    if (user) recipients.add(user.pn)
  }
  const notification: BinaryNode = {
    tag: TAG.notification,
    attrs: {
      from: groupJid(group),
      type: GROUP_NOTIFICATION_TYPE,
      id: String(randomInt(1, 2 ** 31)),
      t: String(now()),
      participant: lidJid(actor.lid),
      participant_pn: pnJid(actor.pn),
      notify: actor.name,
    },
    content: [child],
  }
  for (const pn of recipients) {
    const phone = core.world.findPhone(pn)
    for (const device of phone?.devices ?? []) {
      if (except && except.pn === pn && except.device === device.id) continue
      core.hub.deliver(phone!, device, notification)
    }
  }
}

export type CreateGroupInput = { creator: UserState; subject: string; participants: UserState[] }

export function createGroup(core: Core, input: CreateGroupInput, except?: { pn: string; device: number }): GroupState {
  if (typeof input.subject !== 'string' || !input.subject.trim() || input.subject.length > 100) {
    throw badRequest('subject must be 1 to 100 characters')
  }
  const t = now()
  const members: GroupParticipant[] = [{ pn: input.creator.pn, admin: 'superadmin' }]
  for (const user of input.participants) if (!members.some(m => m.pn === user.pn)) members.push({ pn: user.pn })
  let id = ''
  while (!id || core.world.findGroup(id)) id = `120363${String(randomInt(0, 1e12)).padStart(12, '0')}`
  const group: GroupState = {
    id,
    subject: input.subject,
    subjectOwner: input.creator.pn,
    subjectTime: t,
    creator: input.creator.pn,
    creation: t,
    participants: members,
    announce: false,
    restrict: false,
    ephemeral: 0,
    inviteCode: newInviteCode(),
    senderKeyShared: {},
  }
  core.world.addGroup(group)
  notifyGroup(core, group, input.creator, { tag: 'create', attrs: { reason: 'create' }, content: [groupNode(core, group)] }, except)
  core.logger.info({ group: id, members: members.length }, 'group created')
  return group
}

const isMember = (group: GroupState, pn: string) => group.participants.some(p => p.pn === pn)
const isAdmin = (group: GroupState, pn: string) => group.participants.some(p => p.pn === pn && !!p.admin)

function resolveParticipant(core: Core, jid: string | undefined): UserState | undefined {
  if (!jid) return undefined
  const user = core.world.findUser(jid)
  if (user) return user
  const digits = /^(\d+)@s\.whatsapp\.net$/.exec(jid)?.[1]
  return digits && core.options.autoCreateContacts ? core.world.createContact({ pn: digits }) : undefined
}

/** A member change (add/remove/promote/demote) by `actor`; returns the per-participant answer. */
export function changeParticipants(
  core: Core,
  group: GroupState,
  actor: UserState,
  action: 'add' | 'remove' | 'promote' | 'demote',
  jids: string[],
  except?: { pn: string; device: number },
): BinaryNode {
  const results: BinaryNode[] = []
  const changed: BinaryNode[] = []
  for (const jid of jids) {
    const user = resolveParticipant(core, jid)
    if (!user) {
      results.push({ tag: 'participant', attrs: { jid, error: '404' } })
      continue
    }
    const member = group.participants.find(p => p.pn === user.pn)
    const ok =
      action === 'add' ? !member : action === 'remove' ? !!member : action === 'promote' ? !!member && !member.admin : !!member?.admin
    if (!ok) {
      results.push({ tag: 'participant', attrs: { jid, error: action === 'add' ? '409' : '404' } })
      continue
    }
    if (action === 'add') group.participants.push({ pn: user.pn })
    if (action === 'remove') group.participants = group.participants.filter(p => p.pn !== user.pn)
    if (action === 'promote') member!.admin = 'admin'
    if (action === 'demote') delete member!.admin
    results.push({ tag: 'participant', attrs: { jid } })
    changed.push({ tag: 'participant', attrs: { jid: lidJid(user.lid), phone_number: pnJid(user.pn) } })
  }
  if (changed.length) {
    // members leaving or arriving change who must get the senders' keys
    if (action === 'add' || action === 'remove') group.senderKeyShared = {}
    core.world.saveGroup(group)
    notifyGroup(core, group, actor, { tag: action, attrs: {}, content: changed }, except)
  }
  return { tag: action, attrs: {}, content: results }
}

const answerGroupsIq: IqHandler = ({ core, node, session }) => {
  const op = firstChild(node)
  if (!session || !op) throw IQ_BAD_REQUEST()
  const me = session.phone
  const except = { pn: me.pn, device: session.device.id }
  const to = node.attrs.to ?? GROUPS_ENTITY
  const type = node.attrs.type

  if (to === GROUPS_ENTITY) {
    if (type === 'get' && op.tag === 'participating') {
      return [{ tag: 'groups', attrs: {}, content: core.world.groups().filter(g => isMember(g, me.pn)).map(g => groupNode(core, g)) }]
    }
    if (type === 'set' && op.tag === 'create') {
      const participants = getBinaryNodeChildren(op, 'participant').flatMap(p => resolveParticipant(core, p.attrs.jid) ?? [])
      const group = createGroup(core, { creator: me, subject: op.attrs.subject ?? '', participants }, except)
      return [groupNode(core, group)]
    }
    if (type === 'set' && op.tag === 'leave') {
      for (const ref of getBinaryNodeChildren(op, 'group')) {
        const group = core.world.findGroup(ref.attrs.id ?? '')
        if (group && isMember(group, me.pn)) changeParticipants(core, group, me, 'remove', [lidJid(me.lid)], except)
      }
      return [{ tag: 'leave', attrs: {}, content: getBinaryNodeChildren(op, 'group') }]
    }
    if (op.tag === 'invite' && op.attrs.code) {
      const group = core.world.groups().find(g => g.inviteCode === op.attrs.code)
      if (!group) throw IQ_NOT_FOUND()
      if (type === 'get') return [groupNode(core, group)]
      if (!isMember(group, me.pn)) changeParticipants(core, group, me, 'add', [lidJid(me.lid)], except)
      return [{ tag: 'group', attrs: { jid: groupJid(group) } }]
    }
    throw IQ_BAD_REQUEST()
  }

  const group = core.world.findGroup(to)
  if (!group) throw IQ_NOT_FOUND()
  if (!isMember(group, me.pn)) throw new IqError(403, 'forbidden')
  const requireAdmin = () => {
    if (!isAdmin(group, me.pn)) throw new IqError(403, 'forbidden')
  }

  if (type === 'get' && op.tag === 'query') return [groupNode(core, group)]
  if (op.tag === 'invite') {
    // only admins see or reset a group's link, as on WhatsApp
    requireAdmin()
    if (type === 'set') {
      group.inviteCode = newInviteCode()
      core.world.saveGroup(group)
    }
    return [{ tag: 'invite', attrs: { code: group.inviteCode } }]
  }
  if (type !== 'set') throw IQ_BAD_REQUEST()
  switch (op.tag) {
    case 'add':
    case 'remove':
    case 'promote':
    case 'demote':
      requireAdmin()
      return [
        changeParticipants(
          core,
          group,
          me,
          op.tag,
          getBinaryNodeChildren(op, 'participant').map(p => p.attrs.jid ?? ''),
          except,
        ),
      ]
    case 'subject': {
      if (group.restrict) requireAdmin()
      const subject = op.content instanceof Uint8Array ? Buffer.from(op.content).toString() : String(op.content ?? '')
      if (!subject.trim()) throw IQ_BAD_REQUEST()
      group.subject = subject
      group.subjectOwner = me.pn
      group.subjectTime = now()
      core.world.saveGroup(group)
      notifyGroup(core, group, me, { tag: 'subject', attrs: { subject, s_t: String(group.subjectTime), s_o: lidJid(me.lid) } }, except)
      return undefined
    }
    case 'description': {
      if (group.restrict) requireAdmin()
      const body = getBinaryNodeChild(op, 'body')?.content
      const text = body instanceof Uint8Array ? Buffer.from(body).toString() : typeof body === 'string' ? body : ''
      if (op.attrs.delete === 'true' || !text) delete group.description
      else group.description = { id: op.attrs.id ?? String(randomInt(1, 2 ** 31)), text, owner: me.pn, time: now() }
      core.world.saveGroup(group)
      notifyGroup(core, group, me, op, except)
      return undefined
    }
    case 'announcement':
    case 'not_announcement':
    case 'locked':
    case 'unlocked':
      requireAdmin()
      if (op.tag === 'announcement' || op.tag === 'not_announcement') group.announce = op.tag === 'announcement'
      else group.restrict = op.tag === 'locked'
      core.world.saveGroup(group)
      notifyGroup(core, group, me, { tag: op.tag, attrs: {} }, except)
      return undefined
    case 'ephemeral':
    case 'not_ephemeral':
      if (group.restrict) requireAdmin()
      group.ephemeral = op.tag === 'ephemeral' ? Number(op.attrs.expiration ?? 0) : 0
      core.world.saveGroup(group)
      notifyGroup(core, group, me, op, except)
      return undefined
    default:
      // membership approval, member add mode...: accepted, not modelled
      return undefined
  }
}

/** Answers a w:g2 query and logs it with its outcome (sandbox.api.groupQueries). */
export const handleGroupsIq: IqHandler = async ctx => {
  const { core, node, session } = ctx
  const op = firstChild(node)
  const record = (outcome: string, reply?: BinaryNode[]) => {
    if (!session || !op) return
    const answer = reply?.find(child => child.tag === op.tag)
    accountQueries(core).groupQueries.append({
      id: node.attrs.id ?? '',
      phone: session.phone.pn,
      device: session.device.id,
      to: node.attrs.to ?? GROUPS_ENTITY,
      type: node.attrs.type === 'get' ? 'get' : 'set',
      op: op.tag,
      attrs: { ...op.attrs },
      participants: getBinaryNodeChildren(op, 'participant').map(p => p.attrs.jid ?? ''),
      text: op.tag === 'subject' ? textOf(op.content) : op.tag === 'description' ? textOf(getBinaryNodeChild(op, 'body')?.content) : null,
      results: answer ? getBinaryNodeChildren(answer, 'participant').map(p => ({ jid: p.attrs.jid ?? '', status: p.attrs.error ?? '200' })) : [],
      outcome,
      at: Date.now(),
    })
  }
  try {
    const reply = await answerGroupsIq(ctx)
    record('ok', reply ?? undefined)
    return reply
  } catch (err) {
    record(err instanceof IqError ? String(err.code) : 'error')
    throw err
  }
}

/** For the admin API: the group, by id or JID, or a 404. */
export function requireGroup(core: Core, id: string): GroupState {
  const group = typeof id === 'string' ? core.world.findGroup(id) : undefined
  if (!group) throw notFound(`no group ${id}`)
  return group
}

/** A member (for the admin API: a contact on their phone) changes the subject or settings; devices are notified. */
export function changeGroupInfo(
  core: Core,
  group: GroupState,
  actor: UserState,
  changes: { subject?: string; description?: string; announce?: boolean; restrict?: boolean },
): void {
  if (!isMember(group, actor.pn)) throw badRequest(`${actor.pn} is not a member of the group`)
  if (changes.subject !== undefined) {
    if (typeof changes.subject !== 'string' || !changes.subject.trim() || changes.subject.length > 100) throw badRequest('subject must be 1 to 100 characters')
    group.subject = changes.subject
    group.subjectOwner = actor.pn
    group.subjectTime = now()
    notifyGroup(core, group, actor, { tag: 'subject', attrs: { subject: changes.subject, s_t: String(group.subjectTime), s_o: lidJid(actor.lid) } })
  }
  if (changes.description !== undefined) {
    const id = String(randomInt(1, 2 ** 31))
    if (changes.description) group.description = { id, text: changes.description, owner: actor.pn, time: now() }
    else delete group.description
    notifyGroup(core, group, actor, {
      tag: 'description',
      attrs: changes.description ? { id } : { id, delete: 'true' },
      ...(changes.description ? { content: [{ tag: 'body', attrs: {}, content: Buffer.from(changes.description) }] } : {}),
    })
  }
  if (changes.announce !== undefined) {
    group.announce = changes.announce
    notifyGroup(core, group, actor, { tag: changes.announce ? 'announcement' : 'not_announcement', attrs: {} })
  }
  if (changes.restrict !== undefined) {
    group.restrict = changes.restrict
    notifyGroup(core, group, actor, { tag: changes.restrict ? 'locked' : 'unlocked', attrs: {} })
  }
  core.world.saveGroup(group)
}
