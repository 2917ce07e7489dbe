import type { ChatModification } from '@whiskeysockets/baileys'
import type { ChatAction } from '../../../domain/actions/chat-actions.ts'
import type { ActionContext } from './action-context.ts'

/**
 * Chat state through Baileys' chatModify: each change is an app-state patch (w:sync:app:state) that the
 * account's other devices apply. Baileys decodes its own patch back into chats.update / chats.delete
 * (emitOwnEvents), and the traffic records those as chat.update: one path for this gateway's changes and
 * other devices'.
 */
export async function performChatAction(context: ActionContext, action: ChatAction): Promise<unknown> {
  await context.socket.chatModify(modificationOf(action), action.jid)
  return { jid: action.jid, action: action.modification }
}

function modificationOf(action: ChatAction): ChatModification {
  const last = action.lastMessage
  // The range the change covers: the chat's newest message (none for a chat without messages).
  const lastMessages = last
    ? [{ key: { remoteJid: action.jid, id: last.id, fromMe: last.fromMe, ...(last.participant ? { participant: last.participant } : {}) }, messageTimestamp: last.timestamp }]
    : []
  switch (action.modification) {
    case 'archive':
    case 'unarchive':
      return { archive: action.modification === 'archive', lastMessages }
    case 'pin':
    case 'unpin':
      return { pin: action.modification === 'pin' }
    case 'mute':
      return { mute: action.muteUntil ?? null }
    case 'unmute':
      return { mute: null }
    case 'markRead':
    case 'markUnread':
      return { markRead: action.modification === 'markRead', lastMessages }
    case 'delete':
      return { delete: true, lastMessages }
  }
}
