/**
 * Group messages. A sender encrypts the message once with its sender key (`skmsg`) and sends its
 * sender-key distribution message (SKDM) pairwise (`pkmsg`/`msg`) to the member devices that do not
 * have it yet. The server fans the `skmsg` out to every member device, with that device's SKDM copy
 * when there is one. Virtual members learn sender keys from SKDMs and decrypt with them.
 */
import { getBinaryNodeChild, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode, proto } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Core } from './core.ts'
import { groupJid } from './groups.ts'
import type { DeviceSession } from './hub.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import { decodeMessage, encodeMessage, extractText, mediaTypeOf, messageToJson, stanzaTypeOf } from './message-content.ts'
import type { GroupState, PhoneState, ReceivedMessageRecord, UserState } from './model.ts'
import { deviceAddress, encryptFor, newMessageId, userAddress } from './virtual-contact.ts'
import type { Delivery } from './hub.ts'

const SKMSG = 'skmsg'

export type SenderKeyRelayResult = {
  message?: proto.Message
  decryptedBy: string[]
  /** The users the stanza carried pairwise copies for (`<participants>`), in order, once each. */
  addressed: UserState[]
}

/**
 * A linked companion's sender-key send (a group message or a status): virtual members decrypt it,
 * member companions get it. `members`: whose devices the chat reaches (a group's participants);
 * without it, the users the stanza addressed (a status goes to its sender's status list).
 */
export async function relaySenderKeyMessage(
  core: Core,
  { phone, device }: DeviceSession,
  node: BinaryNode,
  options: { chat: string; members?: UserState[]; deliver: boolean; timestamp: number },
): Promise<SenderKeyRelayResult> {
  const chat = options.chat
  const sender = deviceAddress(phone, device.id)
  const skmsg = getBinaryNodeChildren(node, 'enc').find(enc => enc.attrs.type === SKMSG)
  const deviceIdentity = getBinaryNodeChild(node, 'device-identity')
  const companionCopies = new Map<string, BinaryNode>()
  const addressed = new Map<string, UserState>()

  // 1. pairwise copies: SKDMs for virtual members' primary devices, kept aside for companions
  for (const to of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const enc = getBinaryNodeChild(to, 'enc')
    const target = to.attrs.jid ? parseUserJid(to.attrs.jid) : undefined
    const user = to.attrs.jid ? core.world.findUser(to.attrs.jid) : undefined
    if (!enc || !target || !user) continue
    if (!addressed.has(user.pn)) addressed.set(user.pn, user)
    if (target.device !== 0) {
      companionCopies.set(`${user.pn}:${target.device}`, enc)
      continue
    }
    const encType = enc.attrs.type
    if (encType !== 'pkmsg' && encType !== 'msg') continue
    try {
      const peer = core.world.peer(user)
      const { message } = decodeMessage(await peer.decrypt(sender, encType, enc.content as Uint8Array))
      const skdm = message.senderKeyDistributionMessage?.axolotlSenderKeyDistributionMessage
      if (skdm) await peer.processSenderKeyDistribution(chat, sender, skdm)
    } catch (err) {
      core.logger.warn({ err, chat, member: user.pn }, 'virtual member could not read its sender key copy')
    }
  }
  const members = options.members ?? [...addressed.values()]

  // 2. the message itself, read by every virtual member that holds the sender's key
  const decryptedBy: string[] = []
  let message: proto.Message | undefined
  if (skmsg?.content instanceof Uint8Array) {
    for (const user of members) {
      const peer = core.world.peer(user)
      if (!peer.hasSenderKey(chat, sender)) continue
      try {
        const decoded = decodeMessage(await peer.decryptGroup(chat, sender, skmsg.content))
        message ??= decoded.message
        decryptedBy.push(`${user.kind}:${user.pn}`)
      } catch (err) {
        core.logger.warn({ err, chat, member: user.pn }, 'virtual member could not decrypt a sender-key message')
      }
    }
  }

  // 3. fan-out to the members' linked companions (the sender's other devices included)
  if (options.deliver && skmsg) {
    for (const member of members) {
      if (member.kind !== 'phone') continue
      for (const target of member.devices) {
        if (member === phone && target.id === device.id) continue
        const copy = companionCopies.get(`${member.pn}:${target.id}`)
        core.hub.deliver(member, target, {
          tag: TAG.message,
          attrs: {
            id: node.attrs.id ?? '',
            from: chat,
            participant: lidJid(phone.lid, device.id),
            participant_pn: pnJid(phone.pn, device.id),
            addressing_mode: 'lid',
            t: String(options.timestamp),
            type: node.attrs.type ?? 'text',
            notify: phone.name,
          },
          content: [...(copy ? [copy] : []), skmsg, ...(copy?.attrs.type === 'pkmsg' && deviceIdentity ? [deviceIdentity] : [])],
        })
      }
    }
  }
  return { ...(message ? { message } : {}), decryptedBy, addressed: [...addressed.values()] }
}

/** A linked companion's group send: every participant of the group is a member. */
export function relayGroupMessage(
  core: Core,
  session: DeviceSession,
  node: BinaryNode,
  group: GroupState,
  options: { deliver: boolean; timestamp: number },
): Promise<SenderKeyRelayResult> {
  const members = group.participants.flatMap(p => core.world.findUser(p.pn) ?? [])
  return relaySenderKeyMessage(core, session, node, { chat: groupJid(group), members, ...options })
}

export type SendToGroupInput = { from: UserState; group: GroupState; message: proto.IMessage; id?: string; timestamp?: number }

export type SenderKeySendResult = { id: string; timestamp: number; devices: Record<string, Delivery> }

/**
 * A virtual user's sender-key send to `chat` (a group, or status@broadcast): one `skmsg` for all
 * the phones' companions, preceded by the SKDM (pairwise) on devices `needsKey` says lack it.
 * Records one received record per phone with a linked device.
 */
export async function sendSenderKeyMessageFromUser(
  core: Core,
  input: {
    from: UserState
    chat: string
    phones: PhoneState[]
    message: proto.IMessage
    id?: string
    timestamp?: number
    /** Whether the device (`pn:deviceId`) must get the sender key first; it is then considered to have it. */
    needsKey: (key: string) => boolean
    /** Extra fields of the received records (the group, or the status chat). */
    recordFields: Pick<ReceivedMessageRecord, 'group' | 'chat'>
  },
): Promise<SenderKeySendResult> {
  const { from, chat, message } = input
  const id = input.id ?? newMessageId()
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000)
  const peer = core.world.peer(from)
  const { ciphertext, distribution } = await peer.encryptGroup(chat, userAddress(from), encodeMessage(message))
  const skdm = encodeMessage({ senderKeyDistributionMessage: { groupId: chat, axolotlSenderKeyDistributionMessage: distribution } })
  const mediatype = mediaTypeOf(message)
  const devices: Record<string, Delivery> = {}
  const records: Omit<ReceivedMessageRecord, 'seq'>[] = []
  for (const phone of input.phones) {
    if (phone.pn === from.pn || !phone.devices.length) continue
    const perDevice: ReceivedMessageRecord['devices'] = {}
    for (const device of phone.devices) {
      const key = `${phone.pn}:${device.id}`
      const content: BinaryNode[] = []
      if (input.needsKey(key)) {
        // the pairwise copy must be decrypted before the skmsg: it comes first
        const { type, ciphertext: sealed } = await encryptFor(core, from, phone, device, skdm)
        content.push({ tag: 'enc', attrs: { v: '2', type }, content: sealed })
      }
      content.push({ tag: 'enc', attrs: { v: '2', type: SKMSG, ...(mediatype ? { mediatype } : {}) }, content: ciphertext })
      const delivery = core.hub.deliver(phone, device, {
        tag: TAG.message,
        attrs: {
          id,
          from: chat,
          participant: lidJid(from.lid),
          participant_pn: pnJid(from.pn),
          addressing_mode: 'lid',
          t: String(timestamp),
          type: stanzaTypeOf(message),
          notify: from.name,
        },
        content,
      })
      devices[key] = delivery
      perDevice[String(device.id)] = delivery === 'sent' ? 'sent' : 'queued'
    }
    const text = extractText(message)
    records.push({
      id,
      from: from.pn,
      fromKind: from.kind,
      phone: phone.pn,
      ...input.recordFields,
      message: messageToJson(message),
      ...(text !== undefined ? { text } : {}),
      timestamp,
      devices: perDevice,
    })
  }
  for (const record of records) core.world.received.append(record)
  return { id, timestamp, devices }
}

/** A virtual member speaks in a group: one `skmsg` for all, its SKDM to devices that lack it. */
export function sendGroupMessageFromUser(core: Core, input: SendToGroupInput): Promise<SenderKeySendResult> {
  return core.serialize(`send:${input.from.pn}`, async () => {
    const { from, group } = input
    const groupId = groupJid(group)
    const shared = (group.senderKeyShared[from.pn] ??= [])
    const result = await sendSenderKeyMessageFromUser(core, {
      from,
      chat: groupId,
      phones: group.participants.flatMap(p => core.world.findPhone(p.pn) ?? []),
      message: input.message,
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      needsKey(key) {
        if (shared.includes(key)) return false
        shared.push(key)
        return true
      },
      recordFields: { group: groupId },
    })
    core.world.saveGroup(group)
    return result
  })
}
