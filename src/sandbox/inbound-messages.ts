/**
 * Messages a linked companion sends. The stanza carries one `enc` per recipient device
 * (`<participants><to jid><enc/></to>...`): copies for virtual users' primary devices are decrypted
 * by their Signal peers and recorded; copies for other linked companions (the sender's other devices,
 * or another phone's) are forwarded to them. Group messages and statuses (`status@broadcast`) are
 * sender-key sends (group-messages.ts, status-messages.ts). Every send is recorded in the sent log.
 * The server acks the stanza, with an error code when a rejected-send fault is armed.
 */
import { getBinaryNodeChild, getBinaryNodeChildren, isJidGroup } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Core } from './core.ts'
import { relayGroupMessage } from './group-messages.ts'
import { groupJid } from './groups.ts'
import { isStatusBroadcast, relayStatusMessage } from './status-messages.ts'
import type { DeviceSession } from './hub.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import { decodeMessage, extractText, messageToJson } from './message-content.ts'
import type { DecodedMessage } from './message-content.ts'
import type { SentMessageRecord, UserState } from './model.ts'
import { deviceAddress } from './virtual-contact.ts'

/** One encrypted copy and the device it is for. */
type Part = { jid: string; enc: BinaryNode }

function collectParts(node: BinaryNode): Part[] {
  const participants = getBinaryNodeChild(node, 'participants')
  if (participants) {
    return getBinaryNodeChildren(participants, 'to').flatMap(to => {
      const enc = getBinaryNodeChild(to, 'enc')
      return enc && to.attrs.jid ? [{ jid: to.attrs.jid, enc }] : []
    })
  }
  // A message for a single device (peer messages, retries) carries its enc directly.
  const enc = getBinaryNodeChild(node, 'enc')
  const to = node.attrs.to
  return enc && to && enc.attrs.type !== 'skmsg' ? [{ jid: to, enc }] : []
}

/** The server's answer to a message stanza: its ack, possibly held back (fault injection). */
export type MessageAck = { ack: BinaryNode; delayMs: number }

export async function handleDeviceMessage(core: Core, session: DeviceSession, node: BinaryNode): Promise<MessageAck> {
  const { phone, device } = session
  const id = node.attrs.id ?? ''
  const to = node.attrs.to ?? ''
  const timestamp = Math.floor(Date.now() / 1000)
  const ack = (error?: string, delayMs = 0): MessageAck => ({
    ack: { tag: TAG.ack, attrs: { class: 'message', id, from: to, t: String(timestamp), ...(error ? { error } : {}) } },
    delayMs,
  })
  if (!id || !to) return ack('400')

  const rejections = core.faults.rejectSends.get(phone.pn)
  const rejection = rejections?.shift()
  if (rejections && !rejections.length) core.faults.rejectSends.delete(phone.pn)
  const error = rejection?.code

  if (isJidGroup(to) || isStatusBroadcast(to)) {
    const group = isJidGroup(to) ? core.world.findGroup(to) : undefined
    if (isJidGroup(to) && (!group || !group.participants.some(p => p.pn === phone.pn))) return ack('404')
    const relay = { deliver: !error, timestamp }
    const { message, decryptedBy, audience } = group
      ? { ...(await relayGroupMessage(core, session, node, group, relay)), audience: undefined }
      : await relayStatusMessage(core, session, node, relay)
    const text = message ? extractText(message) : undefined
    recordSent(core, {
      id,
      phone: phone.pn,
      device: device.id,
      to,
      recipient: group ? { group: groupJid(group), kind: 'group' } : { kind: 'status' },
      ...(audience ? { audience } : {}),
      type: node.attrs.type ?? 'text',
      ...(message ? { message: messageToJson(message) } : {}),
      ...(text !== undefined ? { text } : {}),
      timestamp,
      status: error ? 'rejected' : 'server_ack',
      ...(error ? { error } : {}),
      decryptedBy,
    })
    return ack(error, rejection?.delayMs)
  }

  const recipient = core.world.findUser(to)
  const decrypted: { by: UserState; result: DecodedMessage }[] = []
  const failures: string[] = []
  const senderAddress = deviceAddress(phone, device.id)
  const deviceIdentity = getBinaryNodeChild(node, 'device-identity')

  for (const part of collectParts(node)) {
    const target = parseUserJid(part.jid)
    const user = target ? core.world.findUser(part.jid) : undefined
    if (!target || !user) {
      core.logger.debug({ id, jid: part.jid }, 'copy for an unknown device dropped')
      continue
    }
    const encType = part.enc.attrs.type
    if (target.device === 0) {
      if (encType !== 'pkmsg' && encType !== 'msg') continue
      try {
        const plaintext = await core.world.peer(user).decrypt(senderAddress, encType, part.enc.content as Uint8Array)
        decrypted.push({ by: user, result: decodeMessage(plaintext) })
      } catch (err) {
        failures.push(`${user.kind}:${user.pn}`)
        core.logger.warn({ err, id, jid: part.jid }, 'virtual peer could not decrypt its copy')
      }
      continue
    }
    if (error || user.kind !== 'phone') continue
    const targetDevice = core.world.findDevice(user, target.device)
    if (!targetDevice || (user === phone && targetDevice.id === device.id)) continue
    // Another companion: relay its copy, from the sender device, as WhatsApp would.
    const sameAccount = user === phone
    const fromJid = target.server === 'lid' ? lidJid(phone.lid, device.id) : pnJid(phone.pn, device.id)
    core.hub.deliver(user, targetDevice, {
      tag: TAG.message,
      attrs: {
        id,
        from: fromJid,
        t: String(timestamp),
        type: node.attrs.type ?? 'text',
        ...(sameAccount ? { recipient: to } : { notify: phone.name }),
        ...(target.server === 'lid' ? { sender_pn: pnJid(phone.pn, device.id) } : { sender_lid: lidJid(phone.lid, device.id) }),
      },
      content: [part.enc, ...(encType === 'pkmsg' && deviceIdentity ? [deviceIdentity] : [])],
    })
  }

  // The recipient's own copy is the message; the sender's phone copy (a deviceSentMessage) is the fallback.
  const main = decrypted.find(d => d.by === recipient) ?? decrypted.find(d => d.result.deviceSent) ?? decrypted[0]
  const record: Omit<SentMessageRecord, 'seq'> = {
    id,
    phone: phone.pn,
    device: device.id,
    to,
    recipient: recipient ? { pn: recipient.pn, lid: recipient.lid, kind: recipient.kind } : { kind: 'unknown' },
    type: node.attrs.type ?? 'text',
    ...(main ? { message: messageToJson(main.result.message) } : {}),
    ...(main && extractText(main.result.message) !== undefined ? { text: extractText(main.result.message) } : {}),
    timestamp,
    status: error ? 'rejected' : 'server_ack',
    ...(error ? { error } : {}),
    decryptedBy: decrypted.map(d => `${d.by.kind}:${d.by.pn}`),
  }
  const isOwnProtocolMessage = !!main?.result.message.protocolMessage && recipient === phone
  if (!isOwnProtocolMessage) recordSent(core, record)
  if (failures.length) core.logger.warn({ id, failures }, 'some copies could not be decrypted')
  return ack(error, rejection?.delayMs)
}

/**
 * Records a send. A client may send a message again (same id, e.g. after a reconnect or a rejected
 * ack): keep one record, completed by the new copy.
 */
function recordSent(core: Core, record: Omit<SentMessageRecord, 'seq'>): void {
  const earlier = core.world.sent.list(r => r.id === record.id && r.phone === record.phone).at(-1)
  if (!earlier || record.status === 'rejected') {
    core.world.sent.append(record)
    return
  }
  if (!earlier.message && record.message) {
    Object.assign(earlier, { message: record.message, ...(record.text !== undefined ? { text: record.text } : {}) })
  }
  if (record.decryptedBy.length && !earlier.decryptedBy.length) earlier.decryptedBy = record.decryptedBy
  if (record.audience && !earlier.audience?.length) earlier.audience = record.audience
  if (earlier.status === 'rejected') {
    earlier.status = 'server_ack'
    delete earlier.error
  }
  core.world.sent.touch(earlier)
}
