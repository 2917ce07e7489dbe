/**
 * Status broadcast (stories). A client posts a status like a group message with no group: one
 * `skmsg` to `status@broadcast`, encrypted with its sender key for that JID, plus its sender-key
 * distribution message pairwise to every device of every user on its status list (Baileys'
 * `statusJidList`; it sends the SKDM every time, keeping no sender-key memory for statuses). The
 * server fans the `skmsg` out to those devices. The audience of a status is therefore the set of
 * users the stanza carries pairwise copies for.
 *
 * Virtual users post statuses the same way: the sandbox encrypts with their sender key and delivers
 * to the linked companions of the phones in the audience.
 */
import type { BinaryNode, proto } from '@whiskeysockets/baileys'
import { STATUS_BROADCAST_JID } from './constants.ts'
import type { Core } from './core.ts'
import { badRequest } from './errors.ts'
import { relaySenderKeyMessage, sendSenderKeyMessageFromUser } from './group-messages.ts'
import type { SenderKeyRelayResult, SenderKeySendResult } from './group-messages.ts'
import type { DeviceSession } from './hub.ts'
import { lidJid, pnJid } from './jid.ts'
import type { PhoneState, StatusAudienceMember, UserState } from './model.ts'

export const isStatusBroadcast = (jid: string) => jid === STATUS_BROADCAST_JID

export type StatusRelayResult = SenderKeyRelayResult & { audience: StatusAudienceMember[] }

/** A linked companion posted a status: the audience's virtual devices decrypt it, its companions get it. */
export async function relayStatusMessage(
  core: Core,
  session: DeviceSession,
  node: BinaryNode,
  options: { deliver: boolean; timestamp: number },
): Promise<StatusRelayResult> {
  const result = await relaySenderKeyMessage(core, session, node, { chat: STATUS_BROADCAST_JID, ...options })
  const audience = result.addressed
    .filter(user => user.pn !== session.phone.pn)
    .map(user => ({ jid: pnJid(user.pn), lidJid: lidJid(user.lid), kind: user.kind }))
  return { ...result, audience }
}

/** A virtual user posts a status; `to`: the phones whose companions see it. */
export function postStatusFromUser(
  core: Core,
  input: { from: UserState; to: PhoneState[]; message: proto.IMessage; id?: string; timestamp?: number },
): Promise<SenderKeySendResult> {
  return core.serialize(`send:${input.from.pn}`, () =>
    sendSenderKeyMessageFromUser(core, {
      from: input.from,
      chat: STATUS_BROADCAST_JID,
      phones: input.to,
      message: input.message,
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      // as clients do for statuses: the sender key goes with every status, to every device
      needsKey: () => true,
      recordFields: { chat: STATUS_BROADCAST_JID },
    }),
  )
}

/**
 * A colour as WhatsApp stores it (ARGB, unsigned 32-bit) from `#RRGGBB`, `#AARRGGBB` or a number,
 * as Baileys' `backgroundColor` option reads a string.
 */
export function parseArgb(color: string | number): number {
  if (typeof color === 'number') {
    if (!Number.isInteger(color) || color < -(2 ** 31) || color > 0xffffffff) throw badRequest('backgroundColor is not a 32-bit colour')
    return color >>> 0
  }
  let hex = typeof color === 'string' ? color.trim().replace(/^#/, '') : ''
  if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw badRequest('backgroundColor must be #RRGGBB, #AARRGGBB or a number')
  if (hex.length <= 6) hex = `FF${hex.padStart(6, '0')}`
  return parseInt(hex, 16) >>> 0
}
