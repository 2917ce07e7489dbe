/**
 * Linking a companion to a virtual phone by QR.
 *
 * 1. A client without credentials registers (ClientPayload.devicePairingData); the server sends
 *    `<iq type="set" xmlns="md"><pair-device><ref/>...</pair-device></iq>` and Baileys shows one QR
 *    per ref: `QR_PREFIX + ref,noiseKey,identityKey,advSecret,platform`.
 * 2. "Scanning" it as a phone sends `<pair-success>` with an ADVSignedDeviceIdentityHMAC: the HMAC
 *    uses the advSecret from the QR and the account signature is made with the phone's identity key,
 *    which travels in the same message, so no WhatsApp secret is involved.
 * 3. Baileys answers `<pair-device-sign>` (its device signature); the server then sends
 *    `<stream:error code="515"/>` and the client reconnects and logs in as the new device.
 *
 * Pairing by code instead of step 2: the client sends `link_code_companion_reg` (companion_hello:
 * its ephemeral key wrapped with a key derived from the 8-character code); "entering" the code on
 * the phone unwraps it and answers with the phone's own wrapped ephemeral key (notification
 * primary_hello); the client sends its identity in companion_finish; both sides derive the same
 * advSecret from the two Diffie-Hellman secrets, and pair-success follows as for a QR.
 */
import { createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto'
import {
  aesDecryptCTR,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  proto,
  WA_ADV_ACCOUNT_SIG_PREFIX,
  WA_ADV_DEVICE_SIG_PREFIX,
} from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { aesGcmDecrypt } from './noise-server.ts'
import { ADV_ENCRYPTION_E2EE, PAIR_PLATFORM_NAME, QR_PREFIX, SERVER_JID, STREAM_ERROR, TAG, XMLNS } from './constants.ts'
import type { Connection } from './connection.ts'
import type { Core, IqContext, Pairing } from './core.ts'
import { badRequest, notFound, SandboxError } from './errors.ts'
import { IQ_BAD_REQUEST } from './iq.ts'
import { announceDeviceChange } from './login.ts'
import type { IqReply } from './iq.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import type { LinkedDevice, PhoneState } from './model.ts'

/** Grace period for the client to close by itself after the restart-required stream error. */
const RESTART_CLOSE_GRACE_MS = 2_000

export type ParsedQr = { ref: string; noiseKey: Buffer; identityKey: Buffer; advSecret: Buffer; platform?: string }

/** Parses Baileys' QR string (7.x with the wa.me prefix and platform; 6.x without either). */
export function parseQr(qr: string): ParsedQr {
  if (typeof qr !== 'string' || !qr) throw badRequest('qr must be the string Baileys emitted')
  const body = qr.startsWith(QR_PREFIX) ? qr.slice(QR_PREFIX.length) : qr
  const [ref, noiseKey, identityKey, advSecret, platform] = body.split(',')
  if (!ref || !noiseKey || !identityKey || !advSecret) throw badRequest('qr is not a WhatsApp linking QR')
  const parsed = {
    ref,
    noiseKey: Buffer.from(noiseKey, 'base64'),
    identityKey: Buffer.from(identityKey, 'base64'),
    advSecret: Buffer.from(advSecret, 'base64'),
    platform,
  }
  if (parsed.noiseKey.length !== 32 || parsed.identityKey.length !== 32 || parsed.advSecret.length !== 32) {
    throw badRequest('qr keys are malformed')
  }
  return parsed
}

const bigEndian = (bytes: Uint8Array | null | undefined) =>
  bytes ? [...bytes].reduce((value, byte) => value * 256 + byte, 0) : 0

/** Handles a registration login: remembers what the client registered and hands it QR refs. */
export function startPairing(core: Core, conn: Connection): void {
  const data = conn.payload?.devicePairingData
  if (!data?.eIdent || !data.eSkeyVal || !data.eSkeySig || !data.eRegid || !data.eSkeyId) {
    core.logger.warn({ conn: conn.id }, 'registration without complete devicePairingData')
    conn.close()
    return
  }
  let platform = 'unknown'
  try {
    if (data.deviceProps) platform = proto.DeviceProps.decode(data.deviceProps).os ?? platform
  } catch {
    // keep the default: the platform is only informative
  }
  const refs = Array.from({ length: core.options.qrRefCount }, () => `2@${randomBytes(24).toString('base64')}`)
  const pairing: Pairing = {
    conn,
    refs,
    registration: {
      registrationId: bigEndian(data.eRegid),
      identityKey: Buffer.from(data.eIdent),
      signedPreKey: { keyId: bigEndian(data.eSkeyId), publicKey: Buffer.from(data.eSkeyVal), signature: Buffer.from(data.eSkeySig) },
      platform,
    },
  }
  for (const ref of refs) core.pairings.set(ref, pairing)
  conn.context = pairing
  conn
    .query(
      {
        tag: TAG.iq,
        attrs: { from: SERVER_JID, type: 'set', xmlns: XMLNS.md },
        content: [{ tag: 'pair-device', attrs: {}, content: refs.map(ref => ({ tag: 'ref', attrs: {}, content: Buffer.from(ref) })) }],
      },
      // the client answers at once; it keeps rotating QRs for minutes after that
      30_000,
    )
    .catch(err => core.logger.debug({ err, conn: conn.id }, 'pair-device not acknowledged'))
}

export function forgetPairing(core: Core, conn: Connection): void {
  const pairing = conn.context as Pairing | undefined
  if (!pairing?.refs) return
  for (const ref of pairing.refs) if (core.pairings.get(ref) === pairing) core.pairings.delete(ref)
}

export type LinkedDeviceInfo = { phone: string; deviceId: number; jid: string; lid: string; platform: string }

/** Scans `qr` with the phone `phoneId`: links the waiting client as a new companion device. */
export async function scanQr(core: Core, phoneId: string, qr: string): Promise<LinkedDeviceInfo> {
  const phone = core.world.findPhone(phoneId)
  if (!phone) throw notFound(`no phone ${phoneId}`)
  const parsed = parseQr(qr)
  const pairing = core.pairings.get(parsed.ref)
  if (!pairing || !pairing.conn.isOpen) throw notFound('this QR is unknown or its client is gone (expired?)')
  if (!pairing.conn.clientStaticKey?.equals(parsed.noiseKey)) throw badRequest('qr noise key does not match the waiting client')
  if (!pairing.registration.identityKey.equals(parsed.identityKey)) throw badRequest('qr identity key does not match the waiting client')
  return completePairing(core, phone, pairing, parsed.advSecret)
}

/** Sends pair-success for `phone`, checks the client's signature, records the new device, asks for a restart. */
async function completePairing(core: Core, phone: PhoneState, pairing: Pairing, advSecret: Buffer): Promise<LinkedDeviceInfo> {
  const { conn, registration } = pairing
  forgetPairing(core, conn)

  const deviceId = phone.nextDeviceId++
  const keyIndex = phone.nextKeyIndex++
  const details = Buffer.from(
    proto.ADVDeviceIdentity.encode({
      rawId: randomInt(1, 2 ** 31),
      timestamp: Math.floor(Date.now() / 1000),
      keyIndex,
      accountType: ADV_ENCRYPTION_E2EE,
      deviceType: ADV_ENCRYPTION_E2EE,
    }).finish(),
  )
  const accountKey = phone.peer.identityKey
  const accountSignature = Curve.sign(accountKey.private, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, registration.identityKey]))
  const signedIdentity = Buffer.from(
    proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey: accountKey.public, accountSignature }).finish(),
  )
  const hmac = createHmac('sha256', advSecret).update(signedIdentity).digest()
  const deviceIdentity = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signedIdentity, hmac, accountType: ADV_ENCRYPTION_E2EE }).finish()

  const reply = await conn.query({
    tag: TAG.iq,
    attrs: { from: SERVER_JID, type: 'set', xmlns: XMLNS.md },
    content: [
      {
        tag: 'pair-success',
        attrs: {},
        content: [
          { tag: 'device-identity', attrs: {}, content: deviceIdentity },
          { tag: 'platform', attrs: { name: PAIR_PLATFORM_NAME } },
          { tag: 'device', attrs: { jid: pnJid(phone.pn, deviceId), lid: lidJid(phone.lid, deviceId) } },
        ],
      },
    ],
  })
  verifyDeviceSignature(reply, registration.identityKey, accountKey.public)

  const device: LinkedDevice = {
    id: deviceId,
    keyIndex,
    noiseKey: Buffer.from(conn.clientStaticKey!),
    registrationId: registration.registrationId,
    identityKey: registration.identityKey,
    signedPreKey: registration.signedPreKey,
    preKeys: {},
    platform: registration.platform,
    pairedAt: Date.now(),
    historySyncDelivered: false,
    pending: [],
  }
  phone.devices.push(device)
  core.world.save(phone)
  core.logger.info({ phone: phone.pn, device: deviceId }, 'companion linked')
  announceDeviceChange(core, phone)

  conn.send({ tag: TAG.streamError, attrs: { code: STREAM_ERROR.restartRequired } })
  setTimeout(() => conn.close(), RESTART_CLOSE_GRACE_MS).unref()
  return { phone: phone.pn, deviceId, jid: pnJid(phone.pn, deviceId), lid: lidJid(phone.lid, deviceId), platform: device.platform }
}

/** A client that asked for a pairing code for a phone number, waiting for it to be entered. */
type CodePairing = {
  pairing: Pairing
  phonePn: string
  ref: Buffer
  /** salt(32) | iv(16) | AES-CTR(companion ephemeral public key), keyed by the code. */
  wrappedCompanionEphemeral: Buffer
  /** Resolves with the client's companion_finish. */
  finish?: (node: BinaryNode) => void
}

const codePairings = new WeakMap<Core, Map<string, CodePairing>>()
const codePairingsOf = (core: Core) => {
  let map = codePairings.get(core)
  if (!map) codePairings.set(core, (map = new Map()))
  return map
}

const CODE_HELLO_WAIT_MS = 5_000
const LINK_CODE_BUNDLE_INFO = 'link_code_pairing_key_bundle_encryption_key'
const ADV_SECRET_INFO = 'adv_secret'
const hkdf = (ikm: Uint8Array, length: number, info: string, salt: Uint8Array = Buffer.alloc(0)) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length))

/** `md` `<link_code_companion_reg>` from a registering client (companion_hello, companion_finish). */
export function handleLinkCodeIq({ core, conn, node }: IqContext): IqReply {
  const reg = getBinaryNodeChild(node, 'link_code_companion_reg')
  const pairing = conn.context as Pairing | undefined
  if (!reg || !pairing?.refs) throw IQ_BAD_REQUEST()
  if (reg.attrs.stage === 'companion_hello') {
    const wrapped = getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub')
    const phonePn = parseUserJid(reg.attrs.jid ?? '')?.user
    if (!wrapped || wrapped.length !== 80 || !phonePn) throw IQ_BAD_REQUEST()
    const ref = randomBytes(32)
    codePairingsOf(core).set(phonePn, { pairing, phonePn, ref, wrappedCompanionEphemeral: Buffer.from(wrapped) })
    return [{ tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: ref }] }]
  }
  if (reg.attrs.stage === 'companion_finish') {
    const ref = getBinaryNodeChildBuffer(reg, 'link_code_pairing_ref')
    const pending = [...codePairingsOf(core).values()].find(p => ref && p.ref.equals(Buffer.from(ref)))
    if (!pending?.finish) throw IQ_BAD_REQUEST()
    pending.finish(reg)
    return undefined
  }
  throw IQ_BAD_REQUEST()
}

/**
 * "Enters" on the phone the pairing code a client got from `sock.requestPairingCode(phone)`:
 * links that client as a new companion device of the phone.
 */
export async function enterPairingCode(core: Core, phoneId: string, code: string): Promise<LinkedDeviceInfo> {
  const phone = core.world.findPhone(phoneId)
  if (!phone) throw notFound(`no phone ${phoneId}`)
  if (typeof code !== 'string' || !/^[A-Z0-9]{8}$/i.test(code.replace(/-/g, ''))) throw badRequest('code must be the 8 characters the client shows')
  // requestPairingCode() resolves before its companion_hello reaches us: give it a moment
  const deadline = Date.now() + CODE_HELLO_WAIT_MS
  let pending = codePairingsOf(core).get(phone.pn)
  while (!pending && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20))
    pending = codePairingsOf(core).get(phone.pn)
  }
  if (!pending || !pending.pairing.conn.isOpen) throw notFound(`no client is waiting for a pairing code for ${phone.pn}`)
  codePairingsOf(core).delete(phone.pn)
  const normalized = code.replace(/-/g, '').toUpperCase()
  const { pairing } = pending

  // unwrap the companion's ephemeral key with the code
  const wrapped = pending.wrappedCompanionEphemeral
  const companionEphemeral = aesDecryptCTR(
    wrapped.subarray(48, 80),
    await derivePairingCodeKey(normalized, wrapped.subarray(0, 32)),
    wrapped.subarray(32, 48),
  )
  // answer with our own ephemeral key, wrapped the same way
  const primaryEphemeral = Curve.generateKeyPair()
  const salt = randomBytes(32)
  const iv = randomBytes(16)
  const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(primaryEphemeral.public, await derivePairingCodeKey(normalized, salt), iv)])
  const finished = new Promise<BinaryNode>((resolve, reject) => {
    pending.finish = resolve
    setTimeout(() => reject(badRequest('the client did not finish code pairing (wrong code?)')), 15_000).unref()
  })
  codePairingsOf(core).set(phone.pn, pending)
  pairing.conn.send({
    tag: TAG.notification,
    attrs: { from: SERVER_JID, type: 'link_code_companion_reg', id: String(randomInt(1, 2 ** 31)), t: String(Math.floor(Date.now() / 1000)) },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: { stage: 'primary_hello' },
        content: [
          { tag: 'link_code_pairing_ref', attrs: {}, content: pending.ref },
          { tag: 'primary_identity_pub', attrs: {}, content: phone.peer.identityKey.public },
          { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
        ],
      },
    ],
  })
  let finish: BinaryNode
  try {
    finish = await finished
  } finally {
    codePairingsOf(core).delete(phone.pn)
  }

  // companion_finish: its identity, sealed with a key from the ephemeral Diffie-Hellman secret
  const bundle = getBinaryNodeChildBuffer(finish, 'link_code_pairing_wrapped_key_bundle')
  if (!bundle || bundle.length < 32 + 12 + 16) throw badRequest('malformed companion_finish')
  const companionShared = Curve.sharedKey(primaryEphemeral.private, companionEphemeral)
  let payload: Buffer
  try {
    const key = hkdf(companionShared, 32, LINK_CODE_BUNDLE_INFO, bundle.subarray(0, 32))
    payload = aesGcmDecrypt(bundle.subarray(44), key, bundle.subarray(32, 44), Buffer.alloc(0))
  } catch {
    throw badRequest('wrong pairing code')
  }
  const companionIdentity = payload.subarray(0, 32)
  const random = payload.subarray(64, 96)
  if (!companionIdentity.equals(pairing.registration.identityKey)) throw badRequest('companion identity does not match its registration')
  const identityShared = Curve.sharedKey(phone.peer.identityKey.private, companionIdentity)
  const advSecret = hkdf(Buffer.concat([companionShared, identityShared, random]), 32, ADV_SECRET_INFO)
  return completePairing(core, phone, pairing, advSecret)
}

/** Checks the companion's `<pair-device-sign>`: its signature over the account-signed details. */
function verifyDeviceSignature(reply: BinaryNode, companionIdentity: Buffer, accountKey: Uint8Array): void {
  if (reply.attrs.type !== 'result') throw new SandboxError(502, 'the client rejected pair-success')
  const signed = getBinaryNodeChild(getBinaryNodeChild(reply, 'pair-device-sign'), 'device-identity')?.content
  if (!(signed instanceof Uint8Array)) throw new SandboxError(502, 'the client did not sign the device identity')
  const { details, deviceSignature } = proto.ADVSignedDeviceIdentity.decode(signed)
  const message = Buffer.concat([WA_ADV_DEVICE_SIG_PREFIX, details ?? Buffer.alloc(0), companionIdentity, accountKey])
  if (!deviceSignature || !Curve.verify(companionIdentity, message, deviceSignature)) {
    throw new SandboxError(502, 'the client device signature is invalid')
  }
}
