import type { Core } from '../core.ts'
import { groupJid } from '../groups.ts'
import { lidJid, pnJid } from '../jid.ts'
import type { ContactState, GroupState, PhoneState, UserState } from '../model.ts'
import type { ContactInfo, GroupInfo, PhoneInfo, UserInfo } from './types.ts'

/** The world's state as the API shows it. */
export const userInfo = (user: UserState): UserInfo => ({ pn: user.pn, lid: user.lid, name: user.name, jid: pnJid(user.pn), lidJid: lidJid(user.lid) })

export const contactInfo = (contact: ContactState): ContactInfo => userInfo(contact)

export function phoneInfo(core: Core, phone: PhoneState): PhoneInfo {
  return {
    ...userInfo(phone),
    devices: phone.devices.map(device => ({
      id: device.id,
      jid: pnJid(phone.pn, device.id),
      lid: lidJid(phone.lid, device.id),
      platform: device.platform,
      pairedAt: new Date(device.pairedAt).toISOString(),
      ...(device.lastLoginAt ? { lastLoginAt: new Date(device.lastLoginAt).toISOString() } : {}),
      online: !!core.hub.live(phone.pn, device.id),
      pendingStanzas: device.pending.length,
      preKeys: Object.keys(device.preKeys).length,
    })),
  }
}

export function groupInfo(core: Core, group: GroupState): GroupInfo {
  return {
    id: group.id,
    jid: groupJid(group),
    subject: group.subject,
    creator: group.creator,
    creation: group.creation,
    participants: group.participants.flatMap(p => {
      const user = core.world.findUser(p.pn)
      return user ? [{ ...userInfo(user), kind: user.kind, ...(p.admin ? { admin: p.admin } : {}) }] : []
    }),
    announce: group.announce,
    restrict: group.restrict,
    ephemeral: group.ephemeral,
    inviteCode: group.inviteCode,
  }
}
