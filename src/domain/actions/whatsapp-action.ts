import type { ChatAction } from './chat-actions.ts'
import type { ContactAction } from './contact-actions.ts'
import type { GroupAction } from './group-actions.ts'
import type { MessageAction } from './message-actions.ts'
import type { ProfileAction } from './profile-actions.ts'

/**
 * Everything a session does on its WhatsApp account besides sending a message: edit or revoke a
 * message, look contacts up, administer a group, change a chat's state, its own profile. One command
 * carries any of them to the session's actor, through its outbound queue, to the connection.
 */
export type WhatsAppAction = MessageAction | ContactAction | GroupAction | ChatAction | ProfileAction

/** The area of an action: the part of its kind before the dot. */
export type ActionArea = 'message' | 'contact' | 'group' | 'chat' | 'profile'

export function areaOf(action: { readonly kind: string }): ActionArea {
  return action.kind.slice(0, action.kind.indexOf('.')) as ActionArea
}

/** What a connection answers an action: plain JSON (its shape is the action's), and the events it recorded. */
export type ActionAnswer = unknown
