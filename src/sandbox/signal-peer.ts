/**
 * A virtual Signal device: the sandbox's side of end-to-end encryption for virtual contacts and for
 * the primary device (device 0) of virtual phones. It uses libsignal, the same library Baileys uses,
 * so sessions are real: a peer starts a session from the bundle a companion uploaded, encrypts
 * `pkmsg` then `msg`, and decrypts what the companion sends it.
 *
 * The state is plain data (JSON-safe through BufferJSON) so it persists with the rest of the sandbox.
 */
import { Curve, generateSignalPubKey } from '@whiskeysockets/baileys'
import type { KeyPair } from '@whiskeysockets/baileys'
import { randomInt } from 'node:crypto'
import { ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord } from 'libsignal'
import type { SignalStorage } from 'libsignal'
// Sender keys (group messaging) are not in libsignal-node: Baileys ships its own implementation.
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from '@whiskeysockets/baileys/lib/Signal/Group/index.js'

export type SignedPreKey = { keyId: number; keyPair: KeyPair; signature: Buffer }

export type SignalPeerState = {
  registrationId: number
  /** 32-byte Curve25519 key pair (no 0x05 prefix), as Baileys keeps keys. */
  identityKey: KeyPair
  signedPreKey: SignedPreKey
  /** One-time pre-keys handed out in bundles and not yet used, by id. */
  preKeys: Record<string, KeyPair>
  nextPreKeyId: number
  /** libsignal SessionRecord.serialize() output, by remote address (`name.device`). */
  sessions: Record<string, unknown>
  /** Sender-key records (JSON, as Baileys stores them) by `group::name::device`; absent in old state. */
  senderKeys?: Record<string, string>
}

/** What a device publishes so others can start a session with it (the `encrypt` key-fetch answer). */
export type PreKeyBundle = {
  registrationId: number
  /** 32 bytes, no prefix. */
  identityKey: Uint8Array
  signedPreKey: { keyId: number; publicKey: Uint8Array; signature: Uint8Array }
  preKey?: { keyId: number; publicKey: Uint8Array }
}

export type PeerAddress = { name: string; device: number }

export type EncryptedPayload = { type: 'pkmsg' | 'msg'; ciphertext: Buffer }

/** Signal registration ids are 14-bit. */
const newRegistrationId = () => randomInt(1, 0x3fff)

export function signPreKey(identity: KeyPair, keyId: number): SignedPreKey {
  const keyPair = Curve.generateKeyPair()
  return { keyId, keyPair, signature: Buffer.from(Curve.sign(identity.private, generateSignalPubKey(keyPair.public))) }
}

export function createSignalPeerState(identityKey: KeyPair = Curve.generateKeyPair()): SignalPeerState {
  return {
    registrationId: newRegistrationId(),
    identityKey,
    signedPreKey: signPreKey(identityKey, 1),
    preKeys: {},
    nextPreKeyId: 1,
    sessions: {},
  }
}

const toAddress = ({ name, device }: PeerAddress) => new ProtocolAddress(name, device)
const prefixed = (key: Uint8Array) => Buffer.from(generateSignalPubKey(key))

export type SignalPeer = {
  readonly state: SignalPeerState
  /** A bundle with a fresh one-time pre-key (each fetch consumes one, as on the real server). */
  issueBundle(): PreKeyBundle
  hasSession(address: PeerAddress): boolean
  /** Starts an outgoing session from the remote device's bundle (replaces any open one). */
  startSession(address: PeerAddress, bundle: PreKeyBundle): Promise<void>
  encrypt(address: PeerAddress, plaintext: Uint8Array): Promise<EncryptedPayload>
  decrypt(address: PeerAddress, type: 'pkmsg' | 'msg', ciphertext: Uint8Array): Promise<Buffer>
  /** Encrypts for a group with this peer's own sender key; returns the `skmsg` and the distribution message. */
  encryptGroup(group: string, self: PeerAddress, plaintext: Uint8Array): Promise<{ ciphertext: Buffer; distribution: Buffer }>
  /** Learns another member's sender key from its distribution message. */
  processSenderKeyDistribution(group: string, author: PeerAddress, distribution: Uint8Array): Promise<void>
  hasSenderKey(group: string, author: PeerAddress): boolean
  decryptGroup(group: string, author: PeerAddress, ciphertext: Uint8Array): Promise<Buffer>
}

/** Wraps a state object; every mutation calls `onChange` so the owner can persist it. */
export function createSignalPeer(state: SignalPeerState, onChange: () => void): SignalPeer {
  const storage: SignalStorage = {
    async loadSession(id) {
      const data = state.sessions[id]
      return data ? SessionRecord.deserialize(data as Uint8Array) : undefined
    },
    async storeSession(id, session) {
      state.sessions[id] = session.serialize()
      onChange()
    },
    // Trust on first use, as WhatsApp Web and Baileys do.
    isTrustedIdentity: () => true,
    async loadPreKey(id) {
      const key = state.preKeys[String(id)]
      return key ? { privKey: Buffer.from(key.private), pubKey: prefixed(key.public) } : undefined
    },
    removePreKey(id) {
      delete state.preKeys[String(id)]
      onChange()
    },
    loadSignedPreKey: () => ({
      privKey: Buffer.from(state.signedPreKey.keyPair.private),
      pubKey: prefixed(state.signedPreKey.keyPair.public),
    }),
    getOurRegistrationId: () => state.registrationId,
    getOurIdentity: () => ({ privKey: Buffer.from(state.identityKey.private), pubKey: prefixed(state.identityKey.public) }),
  }

  const senderKeys = () => (state.senderKeys ??= {})
  const senderKeyStore = {
    async loadSenderKey(name: SenderKeyName) {
      const data = senderKeys()[name.toString()]
      return data ? SenderKeyRecord.deserialize(Buffer.from(data, 'utf8')) : new SenderKeyRecord()
    },
    async storeSenderKey(name: SenderKeyName, record: SenderKeyRecord) {
      senderKeys()[name.toString()] = JSON.stringify(record.serialize())
      onChange()
    },
  }
  const senderKeyName = (group: string, address: PeerAddress) => new SenderKeyName(group, toAddress(address))

  return {
    state,
    issueBundle() {
      const keyId = state.nextPreKeyId++
      const preKey = Curve.generateKeyPair()
      state.preKeys[String(keyId)] = preKey
      onChange()
      return {
        registrationId: state.registrationId,
        identityKey: state.identityKey.public,
        signedPreKey: {
          keyId: state.signedPreKey.keyId,
          publicKey: state.signedPreKey.keyPair.public,
          signature: state.signedPreKey.signature,
        },
        preKey: { keyId, publicKey: preKey.public },
      }
    },
    hasSession(address) {
      const data = state.sessions[toAddress(address).toString()]
      return !!data && SessionRecord.deserialize(data as Uint8Array).haveOpenSession()
    },
    async startSession(address, bundle) {
      await new SessionBuilder(storage, toAddress(address)).initOutgoing({
        registrationId: bundle.registrationId,
        identityKey: prefixed(bundle.identityKey),
        signedPreKey: {
          keyId: bundle.signedPreKey.keyId,
          publicKey: prefixed(bundle.signedPreKey.publicKey),
          signature: bundle.signedPreKey.signature,
        },
        // libsignal accepts a bundle without a one-time pre-key; its typings do not say so.
        preKey: (bundle.preKey
          ? { keyId: bundle.preKey.keyId, publicKey: prefixed(bundle.preKey.publicKey) }
          : undefined) as { keyId: number; publicKey: Uint8Array },
      })
    },
    async encrypt(address, plaintext) {
      const { type, body } = await new SessionCipher(storage, toAddress(address)).encrypt(plaintext)
      // libsignal returns the body as a binary string; type 3 is a PreKeyWhisperMessage.
      return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') }
    },
    async decrypt(address, type, ciphertext) {
      const cipher = new SessionCipher(storage, toAddress(address))
      const data = Buffer.from(ciphertext)
      return type === 'pkmsg' ? cipher.decryptPreKeyWhisperMessage(data) : cipher.decryptWhisperMessage(data)
    },
    async encryptGroup(group, self, plaintext) {
      const name = senderKeyName(group, self)
      const distribution = await new GroupSessionBuilder(senderKeyStore).create(name)
      const ciphertext = await new GroupCipher(senderKeyStore, name).encrypt(plaintext)
      return { ciphertext: Buffer.from(ciphertext), distribution: Buffer.from(distribution.serialize()) }
    },
    async processSenderKeyDistribution(group, author, distribution) {
      const message = new SenderKeyDistributionMessage(null, null, null, null, distribution)
      await new GroupSessionBuilder(senderKeyStore).process(senderKeyName(group, author), message)
    },
    hasSenderKey(group, author) {
      const data = senderKeys()[senderKeyName(group, author).toString()]
      return !!data && !SenderKeyRecord.deserialize(Buffer.from(data, 'utf8')).isEmpty()
    },
    async decryptGroup(group, author, ciphertext) {
      return Buffer.from(await new GroupCipher(senderKeyStore, senderKeyName(group, author)).decrypt(ciphertext))
    },
  }
}
