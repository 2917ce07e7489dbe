/**
 * What a linked device does about people and its own account, besides messages and groups: whom it
 * blocks (`blocklist` get/set), its about text (`status` set; others read it by usync's status
 * protocol), and the calls placed to it (a `<call><offer/></call>` from a contact, the client's
 * `<call><reject/></call>`). State and records live in memory per sandbox, for tests to assert.
 */
import { randomBytes } from 'node:crypto'
import { getBinaryNodeChild, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Core, IqHandler } from './core.ts'
import { IQ_BAD_REQUEST } from './iq.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import { createMessageLog, type LogRecord, type MessageLog } from './message-log.ts'
import type { UserState } from './model.ts'

const LIMIT = 2000
export const DEFAULT_ABOUT = 'Hey there! I am using WhatsApp.'

export type BlocklistChangeRecord = LogRecord & {
  /** The phone (PN digits) whose device asked. */
  phone: string
  device: number
  action: 'block' | 'unblock'
  /** The `jid` of the item as sent (Baileys names the LID) and the `pn_jid` of a block. */
  jid: string
  pnJid: string | null
  /** The person, resolved (PN digits), when the sandbox knows them. */
  user: string | null
  at: number
}

/** A business account's profile, as `getBusinessProfile` reads it (`w:biz`). */
export type BusinessProfileInput = { description: string; category?: string; email?: string; website?: string; address?: string }

export type AboutChangeRecord = LogRecord & { phone: string; device: number; text: string; at: number }

export type CallRecord = LogRecord & {
  /** The caller (PN digits) and the phone called. */
  from: string
  to: string
  isVideo: boolean
  placedAt: number
  /** What the callee's device answered: nothing yet, or reject (with the device). */
  outcome: 'ringing' | 'rejected'
  rejectedBy?: number
  rejectedAt?: number
}

type State = {
  /** Per phone (PN digits): the users it blocks (PN digits). */
  blocked: Map<string, Set<string>>
  /** Per user (PN digits): about text and when it was set (unix seconds). */
  about: Map<string, { text: string; t: number }>
  /** Per user (PN digits): the business profile of a business account. */
  business: Map<string, BusinessProfileInput>
  blocklistChanges: MessageLog<BlocklistChangeRecord>
  aboutChanges: MessageLog<AboutChangeRecord>
  calls: MessageLog<CallRecord>
}
const stateOf = new WeakMap<Core, State>()

export function contactQueries(core: Core): State {
  let state = stateOf.get(core)
  if (!state) {
    let seq = 0
    const options = { nextSeq: () => ++seq, limit: LIMIT, onChange: () => undefined }
    state = {
      blocked: new Map(),
      about: new Map(),
      business: new Map(),
      blocklistChanges: createMessageLog<BlocklistChangeRecord>({ records: [], ...options }),
      aboutChanges: createMessageLog<AboutChangeRecord>({ records: [], ...options }),
      calls: createMessageLog<CallRecord>({ records: [], ...options }),
    }
    stateOf.set(core, state)
  }
  return state
}

const now = () => Math.floor(Date.now() / 1000)

/** A user's about, as usync's status protocol answers it. */
export function aboutOf(core: Core, user: UserState): { text: string; t: number } {
  return contactQueries(core).about.get(user.pn) ?? { text: DEFAULT_ABOUT, t: Math.floor(user.createdAt / 1000) }
}

export function setAbout(core: Core, user: UserState, text: string): void {
  contactQueries(core).about.set(user.pn, { text, t: now() })
}

export function blockedBy(core: Core, phonePn: string): string[] {
  return [...(contactQueries(core).blocked.get(phonePn) ?? [])]
}

/** `blocklist`: the list (get), and a block or unblock of one person (set, `<item action jid pn_jid/>`). */
export const handleBlocklistIq: IqHandler = ({ core, node, session }) => {
  const state = contactQueries(core)
  const phone = session?.phone.pn
  if (node.attrs.type === 'get') {
    const items = phone ? blockedBy(core, phone).map((pn): BinaryNode => ({ tag: 'item', attrs: { jid: pnJid(pn) } })) : []
    return [{ tag: 'list', attrs: {}, content: items }]
  }
  const items = getBinaryNodeChildren(node, 'item')
  if (!session || !phone || items.length === 0) throw IQ_BAD_REQUEST()
  for (const item of items) {
    const action = item.attrs.action
    const jid = item.attrs.jid
    if ((action !== 'block' && action !== 'unblock') || !jid || !parseUserJid(jid)) throw IQ_BAD_REQUEST()
    const user = core.world.findUser(item.attrs.pn_jid ?? jid) ?? core.world.findUser(jid)
    let blocked = state.blocked.get(phone)
    if (!blocked) state.blocked.set(phone, (blocked = new Set()))
    if (user) {
      if (action === 'block') blocked.add(user.pn)
      else blocked.delete(user.pn)
    }
    state.blocklistChanges.append({
      id: randomBytes(8).toString('hex'),
      phone,
      device: session.device.id,
      action,
      jid,
      pnJid: item.attrs.pn_jid ?? null,
      user: user?.pn ?? null,
      at: Date.now(),
    })
  }
  return undefined
}

/** `status`: the client sets its account's about (`<status>text</status>`). */
export const handleStatusIq: IqHandler = ({ core, node, session }) => {
  if (node.attrs.type !== 'set') return undefined
  const status = getBinaryNodeChild(node, 'status')
  if (!session || !status) throw IQ_BAD_REQUEST()
  const text = status.content instanceof Uint8Array ? Buffer.from(status.content).toString() : typeof status.content === 'string' ? status.content : ''
  setAbout(core, session.phone, text)
  contactQueries(core).aboutChanges.append({ id: randomBytes(8).toString('hex'), phone: session.phone.pn, device: session.device.id, text, at: Date.now() })
  return undefined
}

/** `w:biz`: a user's business profile (`<business_profile><profile jid/></business_profile>`); none for a personal account. */
export const handleBusinessIq: IqHandler = ({ core, node }) => {
  const request = getBinaryNodeChild(getBinaryNodeChild(node, 'business_profile'), 'profile')
  if (node.attrs.type !== 'get' || !request?.attrs.jid) throw IQ_BAD_REQUEST()
  const user = core.world.findUser(request.attrs.jid)
  const business = user ? contactQueries(core).business.get(user.pn) : undefined
  if (!user || !business) return [{ tag: 'business_profile', attrs: { v: '244' } }]
  const text = (tag: string, value: string | undefined): BinaryNode[] => (value ? [{ tag, attrs: {}, content: Buffer.from(value) }] : [])
  const content = [
    ...text('address', business.address),
    ...text('description', business.description),
    ...text('website', business.website),
    ...text('email', business.email),
    ...(business.category ? [{ tag: 'categories', attrs: {}, content: text('category', business.category) }] : []),
  ]
  return [{ tag: 'business_profile', attrs: { v: '244' }, content: [{ tag: 'profile', attrs: { jid: pnJid(user.pn) }, content }] }]
}

/**
 * A contact calls a phone: each linked device gets the offer WhatsApp sends (from the caller's LID,
 * with `caller_pn`), and rings until one rejects it.
 */
export function placeCall(core: Core, caller: UserState, phonePn: string, options: { video?: boolean } = {}): CallRecord {
  const phone = core.world.findPhone(phonePn)
  if (!phone) throw new Error(`no phone ${phonePn}`)
  const callId = randomBytes(16).toString('hex').toUpperCase()
  const t = String(now())
  const offer: BinaryNode = {
    tag: 'offer',
    attrs: { 'call-id': callId, 'call-creator': lidJid(caller.lid), caller_pn: pnJid(caller.pn) },
    content: [{ tag: 'audio', attrs: { enc: 'opus', rate: '16000' } }, ...(options.video ? [{ tag: 'video', attrs: { enc: 'vp8' } }] : [])],
  }
  for (const device of phone.devices) {
    core.hub.deliver(phone, device, { tag: 'call', attrs: { from: lidJid(caller.lid), id: randomBytes(8).toString('hex').toUpperCase(), t, notify: caller.name }, content: [offer] })
  }
  return contactQueries(core).calls.append({ id: callId, from: caller.pn, to: phone.pn, isVideo: Boolean(options.video), placedAt: Date.now(), outcome: 'ringing' })
}

/** A `<call>` from a client: its reject of an offer is recorded; every call stanza is acked. */
export function handleClientCall(core: Core, session: { phone: UserState; device: { id: number } }, node: BinaryNode): BinaryNode {
  const reject = getBinaryNodeChild(node, 'reject')
  const record = reject ? contactQueries(core).calls.findById(reject.attrs['call-id'] ?? '') : undefined
  if (record && record.to === session.phone.pn && record.outcome === 'ringing') {
    record.outcome = 'rejected'
    record.rejectedBy = session.device.id
    record.rejectedAt = Date.now()
    contactQueries(core).calls.touch(record)
  }
  return { tag: 'ack', attrs: { id: node.attrs.id ?? '', class: 'call', from: node.attrs.to ?? pnJid(session.phone.pn), ...(reject ? { type: 'reject' } : {}) } }
}
