/**
 * usync: who is on WhatsApp (contact), which devices a user has (devices), and the PN->LID map
 * (lid). Baileys 7 needs a LID for every phone number it sends to, and learns it here.
 */
import { getAllBinaryNodeChildren, getBinaryNodeChild, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Core, IqContext } from './core.ts'
import { IQ_BAD_REQUEST } from './iq.ts'
import type { IqReply } from './iq.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import type { UserState } from './model.ts'
import { aboutOf } from './contact-queries.ts'

/** What the `<devices>` protocol lists for a user: device 0 plus a phone's linked companions. */
function devicesNode(user: UserState): BinaryNode {
  const devices: BinaryNode[] = [{ tag: 'device', attrs: { id: '0' } }]
  if (user.kind === 'phone') {
    for (const device of user.devices) {
      // Baileys ignores non-zero devices without a key-index.
      devices.push({ tag: 'device', attrs: { id: String(device.id), 'key-index': String(device.keyIndex) } })
    }
  }
  return {
    tag: 'devices',
    attrs: {},
    content: [
      { tag: 'device-list', attrs: {}, content: devices },
      { tag: 'key-index-list', attrs: { ts: String(Math.floor(user.createdAt / 1000)) } },
    ],
  }
}

const contentText = (node: BinaryNode | undefined) =>
  node?.content instanceof Uint8Array ? Buffer.from(node.content).toString() : typeof node?.content === 'string' ? node.content : undefined

function resolveUser(core: Core, query: BinaryNode): { jid: string; user: UserState | undefined } | undefined {
  // A user is named by its JID, or (contact protocol, onWhatsApp) by a "+digits" phone number.
  const id = query.attrs.jid ?? contentText(getBinaryNodeChild(query, 'contact'))
  const parsed = id ? parseUserJid(id) : undefined
  if (!id || !parsed) return undefined
  let user = core.world.findUser(id)
  if (!user && parsed.server === 'pn' && core.options.autoCreateContacts) user = core.world.createContact({ pn: parsed.user })
  const jid = parsed.server === 'pn' ? pnJid(parsed.user) : lidJid(parsed.user)
  return { jid, user }
}

export function handleUsyncIq({ core, node }: IqContext): IqReply {
  const usync = getBinaryNodeChild(node, 'usync')
  const protocols = getAllBinaryNodeChildren(getBinaryNodeChild(usync, 'query') ?? { tag: 'query', attrs: {} }).map(p => p.tag)
  if (!usync || !protocols.length) throw IQ_BAD_REQUEST()
  const users: BinaryNode[] = []
  for (const query of getBinaryNodeChildren(getBinaryNodeChild(usync, 'list'), 'user')) {
    const resolved = resolveUser(core, query)
    if (!resolved) continue
    const { jid, user } = resolved
    const content: BinaryNode[] = []
    for (const protocol of protocols) {
      switch (protocol) {
        case 'contact':
          content.push({ tag: 'contact', attrs: { type: user ? 'in' : 'out' } })
          break
        case 'devices':
          // Unknown users have no devices: sends to them reach nobody (as for a non-WhatsApp number).
          content.push(user ? devicesNode(user) : { tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {} }] })
          break
        case 'lid':
          if (user && jid.endsWith('@s.whatsapp.net')) content.push({ tag: 'lid', attrs: { val: lidJid(user.lid) } })
          break
        case 'status':
          if (user) {
            const about = aboutOf(core, user)
            content.push({ tag: 'status', attrs: { t: String(about.t) }, content: Buffer.from(about.text) })
          }
          break
        case 'disappearing_mode':
          content.push({ tag: 'disappearing_mode', attrs: { duration: '0', t: '0' } })
          break
        default:
          // bot, username...: nothing to say about virtual users
          break
      }
    }
    users.push({ tag: 'user', attrs: { jid }, content })
  }
  return [
    {
      tag: 'usync',
      attrs: { ...usync.attrs },
      content: [
        { tag: 'result', attrs: {}, content: protocols.map(tag => ({ tag, attrs: {} })) },
        { tag: 'list', attrs: {}, content: users },
      ],
    },
  ]
}
