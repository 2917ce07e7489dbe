/**
 * Message actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'message.<verb>'. The app looks the message up
 * in the read model first: WhatsApp needs to know whose message it is (and forwards need its content).
 */

/** A message as WhatsApp keys it: the chat, its id, whether this account wrote it, and the group writer. */
export interface MessageKeyRef {
  readonly remoteJid: string
  readonly id: string
  readonly fromMe: boolean
  readonly participant?: string
}

export const PRESENCES = ['composing', 'recording', 'paused', 'available', 'unavailable'] as const
export type ChatPresence = (typeof PRESENCES)[number]

export type MessageAction =
  /** Replaces the text of a message this account sent. */
  | { readonly kind: 'message.edit'; readonly key: MessageKeyRef; readonly text: string }
  /** Deletes a message for everyone. */
  | { readonly kind: 'message.revoke'; readonly key: MessageKeyRef }
  /** Sends a recorded message (`content`: proto.Message as JSON) on to another chat, marked forwarded. */
  | { readonly kind: 'message.forward'; readonly jid: string; readonly key: MessageKeyRef; readonly content: unknown }
  /** Blue ticks for received messages. */
  | { readonly kind: 'message.read'; readonly keys: readonly MessageKeyRef[] }
  /** Typing, recording, paused in a chat; or online / offline. */
  | { readonly kind: 'message.presence'; readonly jid: string; readonly presence: ChatPresence }

/** What each action answers. */
export interface MessageEditAnswer { readonly messageId: string; readonly editId: string }
export interface MessageRevokeAnswer { readonly messageId: string; readonly revokeId: string }
export interface MessageForwardAnswer { readonly messageId: string; readonly remoteJid: string; readonly timestamp: number }
export interface MessageReadAnswer { readonly read: number }
export interface MessagePresenceAnswer { readonly presence: ChatPresence }
