/** A message's text was changed after it was sent (by this account, or by the contact who wrote it). */
export const MessageEditedType = 'message.edited'

export interface MessageEditedData {
  /** The edited message's id. */
  readonly keyId: string
  readonly remoteJid: string
  readonly remoteJidAlt?: string | null
  /** Whether the edited message is this account's. */
  readonly fromMe: boolean
  /** Who edited it, in a group (canonical); null in one-to-one chats. */
  readonly senderJid: string | null
  /** The new text (or caption). */
  readonly text: string | null
  /** The new message itself (proto.Message as JSON). */
  readonly content: unknown
  /** The id of the protocol message that carried the edit. */
  readonly editId: string
  /** Unix seconds. */
  readonly timestamp: number
}
