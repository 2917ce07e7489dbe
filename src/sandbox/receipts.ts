/**
 * Receipts both ways: the sandbox telling a sender's devices that its message was delivered / read
 * (Baileys: messages.update status 3 DELIVERY_ACK, 4 READ, 5 PLAYED), and companions reporting what
 * they did with messages virtual users sent them.
 */
import { getBinaryNodeChild, getBinaryNodeChildBuffer, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { RECEIPT_HIST_SYNC, TAG } from './constants.ts'
import type { Core } from './core.ts'
import { badRequest, notFound } from './errors.ts'
import type { DeviceSession } from './hub.ts'
import { lidJid } from './jid.ts'
import type { MessageStatus, ReceivedMessageRecord, SentMessageRecord } from './model.ts'
import type { PreKeyBundle } from './signal-peer.ts'
import { resendToDevice } from './virtual-contact.ts'

export type ReceiptType = 'delivery' | 'read' | 'played'
export const RECEIPT_TYPES: readonly ReceiptType[] = ['delivery', 'read', 'played']

const STATUS_RANK: Record<MessageStatus, number> = { rejected: -1, server_ack: 0, delivered: 1, read: 2, played: 3 }
const STATUS_OF: Record<ReceiptType, MessageStatus> = { delivery: 'delivered', read: 'read', played: 'played' }

/**
 * Sends a delivery/read/played receipt for a message a phone's companion sent. For a group message
 * the receipt comes from `from` (a member), by default from every other member; for a status, from
 * `from` or by default from every user of its audience.
 */
export function sendReceiptForSent(core: Core, input: { messageId: string; type: ReceiptType; from?: string }): SentMessageRecord {
  if (!RECEIPT_TYPES.includes(input.type)) throw badRequest(`type must be one of ${RECEIPT_TYPES.join(', ')}`)
  const record = core.world.sent.findById(input.messageId)
  if (!record) throw notFound(`no sent message ${input.messageId}`)
  return receiptForRecord(core, record, input)
}

function receiptForRecord(core: Core, record: SentMessageRecord, input: { type: ReceiptType; from?: string }): SentMessageRecord {
  if (record.status === 'rejected') throw badRequest('the message was rejected: nobody received it')
  const phone = core.world.findPhone(record.phone)
  if (!phone) throw notFound(`the phone ${record.phone} is gone`)
  const attrs = {
    id: record.id,
    // From the chat as the sender addressed it, so the client matches its own message key.
    from: record.to,
    t: String(Math.floor(Date.now() / 1000)),
    ...(input.type === 'delivery' ? {} : { type: input.type }),
  }
  const nodes: BinaryNode[] = []
  if (record.recipient.kind === 'group' || record.recipient.kind === 'status') {
    // a group's members, or a status's audience: each reader is named as the receipt's participant
    const members =
      record.recipient.kind === 'group'
        ? (core.world.findGroup(record.to)?.participants ?? []).map(p => p.pn)
        : (record.audience ?? []).map(member => member.jid)
    const readers = input.from !== undefined
      ? [core.world.findUser(input.from) ?? notFoundUser(input.from)]
      : members.flatMap(id => core.world.findUser(id) ?? []).filter(user => user.pn !== phone.pn)
    for (const reader of readers) nodes.push({ tag: TAG.receipt, attrs: { ...attrs, participant: lidJid(reader.lid) } })
  } else {
    nodes.push({ tag: TAG.receipt, attrs })
  }
  for (const device of phone.devices) for (const node of nodes) core.hub.deliver(phone, device, node)
  const status = STATUS_OF[input.type]
  if (STATUS_RANK[status] > STATUS_RANK[record.status]) record.status = status
  core.world.sent.touch(record)
  return record
}

const notFoundUser = (id: string): never => {
  throw notFound(`no user ${id}`)
}

type DeviceReport = ReceivedMessageRecord['devices'][string]
const REPORT_RANK: Record<DeviceReport, number> = { queued: 0, sent: 1, delivered: 2, read: 3, played: 4 }

function reportOf(type: string | undefined): DeviceReport | undefined {
  switch (type) {
    case undefined:
    case 'inactive':
      return 'delivered'
    case 'read':
    case 'read-self':
      return 'read'
    case 'played':
    case 'played-self':
      return 'played'
    default:
      return undefined
  }
}

/** WhatsApp clients retry a message a few times, then give up. */
const MAX_RETRIES = 5
const uint = (bytes: Uint8Array | undefined) => (bytes ? [...bytes].reduce((value, byte) => value * 256 + byte, 0) : 0)

/** The pre-key bundle a retry receipt may carry (`<keys>`), for a fresh session. */
function retryBundle(node: BinaryNode): PreKeyBundle | undefined {
  const keys = getBinaryNodeChild(node, 'keys')
  const identity = getBinaryNodeChildBuffer(keys, 'identity')
  const skey = getBinaryNodeChild(keys, 'skey')
  const key = getBinaryNodeChild(keys, 'key')
  const registration = getBinaryNodeChildBuffer(node, 'registration')
  const skeyId = getBinaryNodeChildBuffer(skey, 'id')
  const skeyValue = getBinaryNodeChildBuffer(skey, 'value')
  const skeySignature = getBinaryNodeChildBuffer(skey, 'signature')
  if (!keys || !identity || !registration || !skeyId || !skeyValue || !skeySignature) return undefined
  const keyId = getBinaryNodeChildBuffer(key, 'id')
  const keyValue = getBinaryNodeChildBuffer(key, 'value')
  return {
    registrationId: uint(registration),
    identityKey: identity,
    signedPreKey: { keyId: uint(skeyId), publicKey: skeyValue, signature: skeySignature },
    ...(keyId && keyValue ? { preKey: { keyId: uint(keyId), publicKey: keyValue } } : {}),
  }
}

/** A companion failed to decrypt a message from a virtual user: re-send it on a fresh session. */
function handleRetryReceipt(core: Core, { phone, device }: DeviceSession, node: BinaryNode): void {
  const id = node.attrs.id ?? ''
  const count = Number(getBinaryNodeChild(node, 'retry')?.attrs.count ?? 1)
  const record = core.world.received.list(r => r.id === id && r.phone === phone.pn).at(-1)
  const from = record ? core.world.findUser(record.from) : undefined
  if (!record || !from || record.group || record.chat || count > MAX_RETRIES) {
    core.logger.warn({ phone: phone.pn, device: device.id, id, count }, 'companion could not decrypt a message (retry receipt not served)')
    return
  }
  const bundle = retryBundle(node)
  resendToDevice(core, { from, to: phone, device, record, count, ...(bundle ? { bundle } : {}) }).catch(err =>
    core.logger.warn({ err, id }, 'could not re-send after a retry receipt'),
  )
}

/** Receipt types a recipient sends back to a message's sender (none: delivered; inactive: delivered while in the background). */
const RELAYED: Record<string, ReceiptType> = { '': 'delivery', inactive: 'delivery', read: 'read', played: 'played' }

/**
 * A client's receipt for a message another phone's client sent (1:1, group or status): the server
 * passes it on to the sender's devices, as from this phone, and the sent record's status follows.
 */
function relayToSender(core: Core, { phone }: DeviceSession, id: string, type: string | undefined): void {
  const relayed = RELAYED[type ?? '']
  if (!relayed) return
  const record = core.world.sent.list(r => r.id === id && r.phone !== phone.pn).at(-1)
  if (!record || record.status === 'rejected') return
  const addressed =
    record.recipient.kind === 'group'
      ? !!core.world.findGroup(record.to)?.participants.some(p => p.pn === phone.pn)
      : record.recipient.kind === 'status'
        ? !!record.audience?.some(member => core.world.findUser(member.jid) === phone)
        : record.recipient.pn === phone.pn
  if (!addressed) return
  // each of the reader's devices sends its own receipt: pass on one per reader and type
  const seen = relayedReceipts.get(record) ?? new Set<string>()
  relayedReceipts.set(record, seen)
  if (seen.has(`${phone.pn}|${relayed}`)) return
  seen.add(`${phone.pn}|${relayed}`)
  receiptForRecord(core, record, { type: relayed, from: phone.pn })
}
const relayedReceipts = new WeakMap<SentMessageRecord, Set<string>>()

/** The message ids a receipt is about: its id plus any `<list><item id/></list>`. */
export const receiptIds = (node: BinaryNode): string[] => [
  node.attrs.id ?? '',
  ...getBinaryNodeChildren(getBinaryNodeChild(node, 'list'), 'item').map(item => item.attrs.id ?? ''),
]

/** A receipt from a companion. Returns the ack to send back. */
export function handleDeviceReceipt(core: Core, session: DeviceSession, node: BinaryNode): BinaryNode {
  const { phone, device } = session
  const type = node.attrs.type
  const ids = receiptIds(node)
  if (type === RECEIPT_HIST_SYNC) {
    device.historySyncDelivered = true
    core.world.save(phone)
  } else if (type === 'retry') {
    handleRetryReceipt(core, session, node)
  }
  const report = reportOf(type)
  if (report) {
    for (const id of ids) {
      // a group message has one record per recipient phone, all with the same id
      const record = core.world.received.list(r => r.id === id && r.phone === phone.pn).at(-1)
      if (!record) {
        relayToSender(core, session, id, type)
        continue
      }
      const key = String(device.id)
      const previous = record.devices[key]
      if (!previous || REPORT_RANK[report] > REPORT_RANK[previous]) {
        record.devices[key] = report
        core.world.received.touch(record)
      }
    }
  }
  return {
    tag: TAG.ack,
    attrs: { class: 'receipt', id: node.attrs.id ?? '', from: node.attrs.to ?? '', ...(type ? { type } : {}) },
  }
}
