/**
 * The small queries Baileys makes during login and in the background. Every one must be answered:
 * an unanswered iq stalls Baileys for its query timeout (60 s by default).
 */
import { getBinaryNodeChild, getBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { IqContext, IqHandler } from './core.ts'
import { firstChild, IQ_NOT_FOUND } from './iq.ts'
import type { IqReply } from './iq.ts'
import { unlinkDevice } from './login.ts'
import { handleLinkCodeIq } from './pairing.ts'

/** Privacy settings of every virtual account (what `fetchPrivacySettings` reads). */
const PRIVACY_SETTINGS: Record<string, string> = {
  readreceipts: 'all',
  last: 'all',
  online: 'all',
  profile: 'all',
  status: 'all',
  groupadd: 'all',
  calladd: 'all',
  messages: 'all',
}

/** `passive`: Baileys marks itself active after login; `onActive` lets the server follow up. */
export const makePassiveHandler =
  (onActive: (ctx: IqContext) => void): IqHandler =>
  ctx => {
    if (firstChild(ctx.node)?.tag === 'active') onActive(ctx)
    return undefined
  }

/** `abt`: A/B props. No props: Baileys keeps its defaults. */
export const handleAbtIq: IqHandler = () => [{ tag: 'props', attrs: { protocol: '1', hash: 'sandbox' } }]

/** `privacy`: settings (get), setting changes and trusted-contact token issuance (set). */
export const handlePrivacyIq: IqHandler = ({ node }) => {
  const op = firstChild(node)
  if (node.attrs.type === 'get' && op?.tag === 'privacy') {
    return [
      {
        tag: 'privacy',
        attrs: {},
        content: Object.entries(PRIVACY_SETTINGS).map(([name, value]) => ({ tag: 'category', attrs: { name, value } })),
      },
    ]
  }
  return undefined
}

/** `w:p`: keepalive ping. */
export const handlePingIq: IqHandler = () => undefined

/**
 * `w:sync:app:state`: app-state collections. The sandbox keeps none: every requested collection is
 * answered empty and final (a collection missing from the answer makes Baileys ask again forever).
 */
export const handleAppStateIq: IqHandler = ({ node }) => {
  const sync = getBinaryNodeChild(node, 'sync')
  return [
    {
      tag: 'sync',
      attrs: {},
      content: getBinaryNodeChildren(sync, 'collection').map(
        (collection): BinaryNode => ({
          tag: 'collection',
          attrs: { name: collection.attrs.name ?? '', version: collection.attrs.version ?? '0' },
        }),
      ),
    },
  ]
}

/** `md`: the client unlinking itself (logout), or pairing by code. */
export const handleMdIq: IqHandler = ctx => {
  const { core, node, session } = ctx
  if (firstChild(node)?.tag === 'link_code_companion_reg') return handleLinkCodeIq(ctx)
  if (firstChild(node)?.tag === 'remove-companion-device' && session) {
    // Answer first: the device (and its connection) goes away right after.
    setImmediate(() => unlinkDevice(core, session))
  }
  return undefined
}

/** `w:profile:picture` without the pictures service (profile-pictures.ts replaces it): nobody has a picture (404). */
export const handleProfilePictureIq: IqHandler = ({ node }) => {
  if (node.attrs.type === 'get') throw IQ_NOT_FOUND()
  return undefined
}

/** Namespaces whose queries need nothing but an empty result. */
export const handleEmptyIq: IqHandler = (): IqReply => undefined
