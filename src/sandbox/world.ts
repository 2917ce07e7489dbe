/**
 * The sandbox's state: phones, contacts, the PN<->LID directory, Signal peers and message logs,
 * loaded from and saved to the store.
 */
import { randomInt } from 'node:crypto'
import { Curve } from '@whiskeysockets/baileys'
import type { KeyPair } from '@whiskeysockets/baileys'
import { badRequest, conflict } from './errors.ts'
import { parseUserJid } from './jid.ts'
import { createMessageLog } from './message-log.ts'
import type { MessageLog } from './message-log.ts'
import type { ContactState, GroupState, LinkedDevice, PhoneState, ReceivedMessageRecord, SentMessageRecord, UserState } from './model.ts'
import { createSignalPeer, createSignalPeerState } from './signal-peer.ts'
import type { SignalPeer } from './signal-peer.ts'
import type { SandboxStore } from './store.ts'

const META_KEY = 'meta.json'
const SENT_KEY = 'messages/sent.json'
const RECEIVED_KEY = 'messages/received.json'
const phoneKey = (pn: string) => `phones/${pn}.json`
const contactKey = (pn: string) => `contacts/${pn}.json`
const groupKey = (id: string) => `groups/${id}.json`
/** Message records kept per log; older ones are dropped. */
const LOG_LIMIT = 5000
/** Logs are rewritten whole: coalesce bursts of messages into one write. */
const LOG_WRITE_DELAY_MS = 250

type Meta = { seq: number; serverStaticKey: KeyPair }

export type NewUserInput = { pn?: string; lid?: string; name?: string }

export type World = {
  readonly serverStaticKey: KeyPair
  phones(): PhoneState[]
  contacts(): ContactState[]
  createPhone(input?: NewUserInput): PhoneState
  createContact(input?: NewUserInput): ContactState
  /** Finds a user by PN digits, `+digits`, PN JID or LID JID (the device part is ignored). */
  findUser(id: string): UserState | undefined
  findPhone(id: string): PhoneState | undefined
  peer(user: UserState): SignalPeer
  save(user: UserState): void
  findDevice(phone: PhoneState, deviceId: number): LinkedDevice | undefined
  groups(): GroupState[]
  /** Finds a group by id or JID. */
  findGroup(id: string): GroupState | undefined
  addGroup(group: GroupState): void
  saveGroup(group: GroupState): void
  removeGroup(group: GroupState): void
  removeDevice(phone: PhoneState, deviceId: number): LinkedDevice | undefined
  /** The latest sequence number given to a message record. */
  seq(): number
  readonly sent: MessageLog<SentMessageRecord>
  readonly received: MessageLog<ReceivedMessageRecord>
  flush(): void
  close(): void
}

const DIGITS = /^\d{5,20}$/

export function createWorld(store: SandboxStore): World {
  const byPn = new Map<string, UserState>()
  const byLid = new Map<string, UserState>()
  const peers = new Map<string, SignalPeer>()

  let meta = store.read<Meta>(META_KEY)
  if (!meta) {
    meta = { seq: 0, serverStaticKey: Curve.generateKeyPair() }
    store.write(META_KEY, meta)
  }
  const currentMeta = meta
  const nextSeq = () => {
    currentMeta.seq += 1
    store.write(META_KEY, currentMeta)
    return currentMeta.seq
  }

  const index = (user: UserState) => {
    byPn.set(user.pn, user)
    byLid.set(user.lid, user)
  }
  for (const phone of store.readAll<PhoneState>('phones')) index(phone)
  for (const contact of store.readAll<ContactState>('contacts')) index(contact)
  const groups = new Map<string, GroupState>()
  for (const group of store.readAll<GroupState>('groups')) groups.set(group.id, group)

  const save = (user: UserState) => store.write(user.kind === 'phone' ? phoneKey(user.pn) : contactKey(user.pn), user)

  const allocate = (input: NewUserInput) => {
    if (input.pn !== undefined && !DIGITS.test(input.pn)) throw badRequest('pn must be 5 to 20 digits')
    if (input.lid !== undefined && !DIGITS.test(input.lid)) throw badRequest('lid must be 5 to 20 digits')
    if (input.name !== undefined && (typeof input.name !== 'string' || input.name.length > 100)) {
      throw badRequest('name must be a string of at most 100 characters')
    }
    if (input.pn && byPn.has(input.pn)) throw conflict(`a user with pn ${input.pn} exists`)
    if (input.lid && byLid.has(input.lid)) throw conflict(`a user with lid ${input.lid} exists`)
    let pn = input.pn
    while (!pn || byPn.has(pn)) pn = `1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`
    let lid = input.lid
    while (!lid || byLid.has(lid)) lid = String(randomInt(10_000_000_000_000, 99_999_999_999_999))
    return { pn, lid, name: input.name ?? `User ${pn.slice(-4)}`, peer: createSignalPeerState(), createdAt: Date.now() }
  }

  const findUser = (id: string) => {
    const parsed = parseUserJid(id)
    if (!parsed) return undefined
    return parsed.server === 'pn' ? byPn.get(parsed.user) : byLid.get(parsed.user)
  }

  const sentRecords = store.read<SentMessageRecord[]>(SENT_KEY) ?? []
  const receivedRecords = store.read<ReceivedMessageRecord[]>(RECEIVED_KEY) ?? []

  const sent = createMessageLog<SentMessageRecord>({
    records: sentRecords,
    nextSeq,
    limit: LOG_LIMIT,
    onChange: records => store.write(SENT_KEY, records, LOG_WRITE_DELAY_MS),
  })
  const received = createMessageLog<ReceivedMessageRecord>({
    records: receivedRecords,
    nextSeq,
    limit: LOG_LIMIT,
    onChange: records => store.write(RECEIVED_KEY, records, LOG_WRITE_DELAY_MS),
  })

  return {
    serverStaticKey: currentMeta.serverStaticKey,
    phones: () => [...byPn.values()].filter((u): u is PhoneState => u.kind === 'phone'),
    contacts: () => [...byPn.values()].filter((u): u is ContactState => u.kind === 'contact'),
    createPhone(input = {}) {
      const phone: PhoneState = { kind: 'phone', ...allocate(input), devices: [], nextDeviceId: 1, nextKeyIndex: 1 }
      index(phone)
      save(phone)
      return phone
    },
    createContact(input = {}) {
      const contact: ContactState = { kind: 'contact', ...allocate(input) }
      index(contact)
      save(contact)
      return contact
    },
    findUser,
    findPhone(id) {
      const user = findUser(id)
      return user?.kind === 'phone' ? user : undefined
    },
    peer(user) {
      let peer = peers.get(user.pn)
      if (!peer) {
        peer = createSignalPeer(user.peer, () => save(user))
        peers.set(user.pn, peer)
      }
      return peer
    },
    save,
    findDevice: (phone, deviceId) => phone.devices.find(device => device.id === deviceId),
    groups: () => [...groups.values()],
    findGroup: id => groups.get(id.replace(/@g\.us$/, '')),
    addGroup(group) {
      groups.set(group.id, group)
      store.write(groupKey(group.id), group)
    },
    saveGroup: group => store.write(groupKey(group.id), group),
    removeGroup(group) {
      groups.delete(group.id)
      store.remove(groupKey(group.id))
    },
    removeDevice(phone, deviceId) {
      const index = phone.devices.findIndex(device => device.id === deviceId)
      if (index < 0) return undefined
      const [removed] = phone.devices.splice(index, 1)
      save(phone)
      return removed
    },
    seq: () => currentMeta.seq,
    sent,
    received,
    flush: () => store.flush(),
    close() {
      sent.close()
      received.close()
      store.flush()
    },
  }
}
