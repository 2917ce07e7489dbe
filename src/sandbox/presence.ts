/**
 * Presence and typing of virtual users, as clients see them (Baileys: presence.update):
 * `<presence from type/>` for online/offline, `<chatstate from><composing/></chatstate>` for typing
 * (`media="audio"`: recording), `<paused/>` when it stops. In a group, `participant` names the typist.
 */
import type { BinaryNode } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Core } from './core.ts'
import { badRequest } from './errors.ts'
import { groupJid } from './groups.ts'
import { lidJid, pnJid } from './jid.ts'
import type { GroupState, PhoneState, UserState } from './model.ts'

export type PresenceType = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused'
export const PRESENCE_TYPES: readonly PresenceType[] = ['available', 'unavailable', 'composing', 'recording', 'paused']

/** Shows `from`'s presence to the live clients of `to` (a phone, or every member phone of a group). */
export function sendPresence(core: Core, input: { from: UserState; to: PhoneState | GroupState; type: PresenceType }): number {
  if (!PRESENCE_TYPES.includes(input.type)) throw badRequest(`type must be one of ${PRESENCE_TYPES.join(', ')}`)
  const { from, to, type } = input
  const isGroup = !('kind' in to)
  const chat = isGroup ? groupJid(to) : pnJid(from.pn)
  const node: BinaryNode =
    type === 'available' || type === 'unavailable'
      ? { tag: TAG.presence, attrs: { from: pnJid(from.pn), ...(type === 'unavailable' ? { type, last: String(Math.floor(Date.now() / 1000)) } : {}) } }
      : {
          tag: TAG.chatstate,
          attrs: { from: chat, ...(isGroup ? { participant: lidJid(from.lid) } : {}) },
          content: [
            type === 'paused'
              ? { tag: 'paused', attrs: {} }
              : { tag: 'composing', attrs: type === 'recording' ? { media: 'audio' } : {} },
          ],
        }
  const phones = isGroup ? to.participants.flatMap(p => core.world.findPhone(p.pn) ?? []) : [to]
  let sent = 0
  for (const phone of phones) {
    if (phone.pn === from.pn) continue
    // presence is ephemeral: live clients only, never queued
    for (const conn of core.hub.liveForPhone(phone.pn)) {
      if (conn.silent) continue
      conn.send(node)
      sent++
    }
  }
  return sent
}
