import { proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys'
import type {
  MessageAction,
  MessageEditAnswer,
  MessageForwardAnswer,
  MessageKeyRef,
  MessagePresenceAnswer,
  MessageReadAnswer,
  MessageRevokeAnswer,
} from '../../../domain/actions/message-actions.ts'
import { storableText } from '../../../domain/text/storable-text.ts'
import { sentEvents, upsertEvents } from '../traffic-events.ts'
import type { ActionContext } from './action-context.ts'

/**
 * Message actions through Baileys. An edit and a revoke are protocol messages WhatsApp relays to the
 * chat; Baileys echoes them as messages.upsert, so what they record is converted the same way (the same
 * event ids: whichever is recorded first, the other is a duplicate the store drops).
 */
export async function performMessageAction(context: ActionContext, action: MessageAction): Promise<unknown> {
  const { socket } = context
  switch (action.kind) {
    case 'message.edit': {
      const sent = await socket.sendMessage(action.key.remoteJid, { text: storableText(action.text), edit: waKey(action.key) })
      recordAsEcho(context, sent)
      return { messageId: action.key.id, editId: sent?.key.id ?? '' } satisfies MessageEditAnswer
    }
    case 'message.revoke': {
      const sent = await socket.sendMessage(action.key.remoteJid, { delete: waKey(action.key) })
      recordAsEcho(context, sent)
      return { messageId: action.key.id, revokeId: sent?.key.id ?? '' } satisfies MessageRevokeAnswer
    }
    case 'message.forward': {
      const original: WAMessage = { key: waKey(action.key), message: proto.Message.fromObject((action.content ?? {}) as Record<string, unknown>) }
      const sent = await socket.sendMessage(action.jid, { forward: original })
      if (!sent?.message || !sent.key.id) throw new Error('WhatsApp did not accept the message')
      // A forward is a message of ours like any other: its receipts and WhatsApp's retries are the gateway's.
      context.remember(sent.key.id, action.jid, sent.message)
      const remoteJid = context.identities.canonical(sent.key.remoteJid ?? action.jid)
      context.record(sentEvents(context.sessionId, sent, undefined, context.identities))
      return { messageId: sent.key.id, remoteJid, timestamp: Number(sent.messageTimestamp ?? Math.floor(Date.now() / 1000)) } satisfies MessageForwardAnswer
    }
    case 'message.read': {
      if (action.keys.length > 0) await socket.readMessages(action.keys.map(waKey))
      return { read: action.keys.length } satisfies MessageReadAnswer
    }
    case 'message.presence': {
      await socket.sendPresenceUpdate(action.presence, action.presence === 'available' || action.presence === 'unavailable' ? undefined : action.jid)
      return { presence: action.presence } satisfies MessagePresenceAnswer
    }
  }
}

function waKey(key: MessageKeyRef): WAMessageKey {
  return { remoteJid: key.remoteJid, id: key.id, fromMe: key.fromMe, ...(key.participant ? { participant: key.participant } : {}) }
}

/** Records a protocol message this account sent as its echo would be: message.edited, message.revoked. */
function recordAsEcho(context: ActionContext, sent: WAMessage | undefined): void {
  if (!sent?.key.id) throw new Error('WhatsApp did not accept the message')
  const events = upsertEvents(context.sessionId, { messages: [sent], type: 'append' }, new Map(), context.identities, context.polls)
  if (events.length > 0) context.record(events)
}
