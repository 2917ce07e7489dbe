/**
 * Routes what a client sends: the handshake's ClientPayload (pairing or login), then stanzas by tag,
 * and iqs by `xmlns` through the registry in `core.iqHandlers`.
 */
import { binaryNodeToString } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { TAG, XMLNS } from './constants.ts'
import type { Connection, ConnectionHandlers } from './connection.ts'
import type { Core, IqHandler } from './core.ts'
import { handleAppStateIq } from './app-state.ts'
import { handleGroupsIq } from './groups.ts'
import { recordClientPresence } from './client-presence.ts'
import { sendInitialHistorySync } from './history-sync.ts'
import { handleDeviceMessage } from './inbound-messages.ts'
import { IqError, iqError, iqResult } from './iq.ts'
import { login } from './login.ts'
import {
  handleAbtIq,
  handleEmptyIq,
  handleMdIq,
  handlePingIq,
  handlePrivacyIq,
  handleProfilePictureIq,
  makePassiveHandler,
} from './login-queries.ts'
import { forgetPairing, startPairing } from './pairing.ts'
import { handleEncryptIq } from './prekeys.ts'
import { handleDeviceReceipt, receiptIds } from './receipts.ts'
import { handleUsyncIq } from './usync.ts'
import { handleBlocklistIq, handleBusinessIq, handleClientCall, handleStatusIq } from './contact-queries.ts'

/** The built-in iq handlers; `core.iqHandlers` starts with these and can be extended. */
export function defaultIqHandlers(): Map<string, IqHandler> {
  const onActive = makePassiveHandler(({ core, session }) => {
    if (session && core.options.historySync && !session.device.historySyncDelivered) {
      sendInitialHistorySync(core, session).catch(err => core.logger.warn({ err }, 'history sync failed'))
    }
  })
  return new Map<string, IqHandler>([
    [XMLNS.encrypt, handleEncryptIq],
    [XMLNS.usync, handleUsyncIq],
    [XMLNS.passive, onActive],
    [XMLNS.abt, handleAbtIq],
    [XMLNS.blocklist, handleBlocklistIq],
    [XMLNS.privacy, handlePrivacyIq],
    [XMLNS.ping, handlePingIq],
    [XMLNS.appState, handleAppStateIq],
    [XMLNS.groups, handleGroupsIq],
    [XMLNS.md, handleMdIq],
    [XMLNS.profilePicture, handleProfilePictureIq],
    [XMLNS.dirty, handleEmptyIq],
    [XMLNS.stats, handleEmptyIq],
    [XMLNS.status, handleStatusIq],
    [XMLNS.business, handleBusinessIq],
    [XMLNS.disappearingMode, handleEmptyIq],
  ])
}

async function handleIq(core: Core, conn: Connection, node: BinaryNode): Promise<void> {
  if (node.attrs.type !== 'get' && node.attrs.type !== 'set') return
  const xmlns = node.attrs.xmlns ?? ''
  const handler = core.iqHandlers.get(xmlns)
  if (!handler) core.logger.warn({ xmlns, xml: binaryNodeToString(node) }, 'unhandled iq answered with an empty result')
  try {
    const content = handler ? await handler({ core, conn, node, session: core.hub.sessionOf(conn) }) : undefined
    conn.send(iqResult(node, content))
  } catch (err) {
    if (err instanceof IqError) {
      conn.send(iqError(node, err))
    } else {
      core.logger.error({ err, xmlns }, 'iq handler failed')
      conn.send(iqError(node, new IqError(500, 'internal-server-error')))
    }
  }
}

export function createStanzaRouter(core: Core): ConnectionHandlers {
  return {
    onHandshake(conn) {
      core.hub.track(conn)
      if (conn.payload?.devicePairingData) startPairing(core, conn)
      else login(core, conn)
    },
    async onNode(conn, node) {
      if (node.tag === TAG.iq) return handleIq(core, conn, node)
      const session = core.hub.sessionOf(conn)
      if (!session) return
      switch (node.tag) {
        case TAG.message: {
          const { ack, delayMs } = await handleDeviceMessage(core, session, node)
          if (delayMs > 0) setTimeout(() => conn.send(ack), delayMs).unref()
          else conn.send(ack)
          return
        }
        case TAG.receipt:
          for (const id of receiptIds(node)) core.hub.acknowledge(conn, { tag: TAG.message, id })
          conn.send(handleDeviceReceipt(core, session, node))
          return
        case TAG.ack:
          core.hub.acknowledge(conn, { tag: node.attrs.class ?? '', id: node.attrs.id, type: node.attrs.type, participant: node.attrs.participant })
          return
        case 'call':
          conn.send(handleClientCall(core, session, node))
          return
        case TAG.presence:
        case TAG.chatstate:
          // nothing to answer; kept so tests see what the client said of itself
          recordClientPresence(core, session, node)
          return
        default:
          // ib (unified_session): nothing to answer
          return
      }
    },
    onClose(conn) {
      forgetPairing(core, conn)
      core.hub.unbind(conn)
      core.hub.untrack(conn)
    },
  }
}
