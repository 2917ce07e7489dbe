/**
 * The `encrypt` namespace: pre-key count, upload (the bundle is kept: it is how virtual users start
 * Signal sessions with the companion), digest, signed pre-key rotation, and the key fetch a client
 * makes before encrypting to devices it has no session with.
 */
import { encodeBigEndian, getBinaryNodeChild, getBinaryNodeChildBuffer, getBinaryNodeChildren, KEY_BUNDLE_TYPE } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Core, IqContext } from './core.ts'
import { firstChild, IQ_BAD_REQUEST, IQ_NOT_AUTHORIZED } from './iq.ts'
import type { IqReply } from './iq.ts'
import { parseUserJid } from './jid.ts'
import type { LinkedDevice } from './model.ts'
import type { PreKeyBundle } from './signal-peer.ts'

const uint = (bytes: Uint8Array | undefined) => (bytes ? [...bytes].reduce((value, byte) => value * 256 + byte, 0) : 0)

function readKey(node: BinaryNode | undefined) {
  const id = getBinaryNodeChildBuffer(node, 'id')
  const value = getBinaryNodeChildBuffer(node, 'value')
  if (!id || !value) return undefined
  return { keyId: uint(id), publicKey: Buffer.from(value), signature: getBinaryNodeChildBuffer(node, 'signature') }
}

/** Takes the companion's lowest uploaded one-time pre-key (each is handed out once). */
export function takeDeviceBundle(device: LinkedDevice): PreKeyBundle {
  const ids = Object.keys(device.preKeys).map(Number).sort((a, b) => a - b)
  const keyId = ids[0]
  let preKey: PreKeyBundle['preKey']
  if (keyId !== undefined) {
    preKey = { keyId, publicKey: device.preKeys[String(keyId)]! }
    delete device.preKeys[String(keyId)]
  }
  return {
    registrationId: device.registrationId,
    identityKey: device.identityKey,
    signedPreKey: device.signedPreKey,
    ...(preKey ? { preKey } : {}),
  }
}

function bundleNode(jid: string, bundle: PreKeyBundle): BinaryNode {
  const content: BinaryNode[] = [
    { tag: 'registration', attrs: {}, content: encodeBigEndian(bundle.registrationId) },
    { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
    { tag: 'identity', attrs: {}, content: bundle.identityKey },
    {
      tag: 'skey',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(bundle.signedPreKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: bundle.signedPreKey.publicKey },
        { tag: 'signature', attrs: {}, content: bundle.signedPreKey.signature },
      ],
    },
  ]
  if (bundle.preKey) {
    content.push({
      tag: 'key',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(bundle.preKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: bundle.preKey.publicKey },
      ],
    })
  }
  return { tag: 'user', attrs: { jid }, content }
}

/** The bundle of any device the sandbox knows: a virtual user's device 0 or a linked companion. */
export function fetchBundle(core: Core, jid: string): PreKeyBundle | undefined {
  const parsed = parseUserJid(jid)
  if (!parsed) return undefined
  const user = core.world.findUser(jid) ?? (parsed.server === 'pn' && core.options.autoCreateContacts
    ? core.world.createContact({ pn: parsed.user })
    : undefined)
  if (!user) return undefined
  if (parsed.device === 0) return core.world.peer(user).issueBundle()
  if (user.kind !== 'phone') return undefined
  const device = core.world.findDevice(user, parsed.device)
  if (!device) return undefined
  const bundle = takeDeviceBundle(device)
  core.world.save(user)
  return bundle
}

export function handleEncryptIq({ core, node, session }: IqContext): IqReply {
  const op = firstChild(node)
  const type = node.attrs.type
  if (type === 'get' && op?.tag === 'key') {
    return [
      {
        tag: 'list',
        attrs: {},
        content: getBinaryNodeChildren(op, 'user').map(user => {
          const jid = user.attrs.jid ?? ''
          const bundle = fetchBundle(core, jid)
          return bundle
            ? bundleNode(jid, bundle)
            : { tag: 'user', attrs: { jid }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] }
        }),
      },
    ]
  }
  // The remaining operations are about the caller's own keys.
  if (!session) throw IQ_NOT_AUTHORIZED()
  const { phone, device } = session
  if (type === 'get' && op?.tag === 'count') {
    return [{ tag: 'count', attrs: { value: String(Object.keys(device.preKeys).length) } }]
  }
  if (type === 'get' && op?.tag === 'digest') {
    // Baileys only checks that a digest comes back; a missing one makes it re-upload.
    return [{ tag: 'digest', attrs: {} }]
  }
  if (type === 'set' && op?.tag === 'rotate') {
    const skey = readKey(getBinaryNodeChild(op, 'skey'))
    if (!skey?.signature) throw IQ_BAD_REQUEST()
    device.signedPreKey = { keyId: skey.keyId, publicKey: skey.publicKey, signature: Buffer.from(skey.signature) }
    core.world.save(phone)
    return undefined
  }
  if (type === 'set' && getBinaryNodeChild(node, 'list')) {
    // pre-key upload: <registration/><type/><identity/><list><key/>...</list><skey/>
    const registration = getBinaryNodeChildBuffer(node, 'registration')
    const identity = getBinaryNodeChildBuffer(node, 'identity')
    const skey = readKey(getBinaryNodeChild(node, 'skey'))
    if (!registration || !identity || !skey?.signature) throw IQ_BAD_REQUEST()
    device.registrationId = uint(registration)
    device.identityKey = Buffer.from(identity)
    device.signedPreKey = { keyId: skey.keyId, publicKey: skey.publicKey, signature: Buffer.from(skey.signature) }
    for (const keyNode of getBinaryNodeChildren(getBinaryNodeChild(node, 'list'), 'key')) {
      const key = readKey(keyNode)
      if (key) device.preKeys[String(key.keyId)] = key.publicKey
    }
    core.world.save(phone)
    core.logger.debug({ phone: phone.pn, device: device.id, preKeys: Object.keys(device.preKeys).length }, 'pre-keys uploaded')
    return undefined
  }
  throw IQ_BAD_REQUEST()
}
