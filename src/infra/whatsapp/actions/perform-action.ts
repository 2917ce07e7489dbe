import { areaOf, type ActionAnswer, type WhatsAppAction } from '../../../domain/actions/whatsapp-action.ts'
import type { ActionContext } from './action-context.ts'
import type { MessageAction } from '../../../domain/actions/message-actions.ts'
import { performMessageAction } from './message-actions.ts'
import type { GroupAction } from '../../../domain/actions/group-actions.ts'
import { performGroupAction } from './group-actions.ts'
import type { ChatAction } from '../../../domain/actions/chat-actions.ts'
import { performChatAction } from './chat-actions.ts'
import type { ContactAction } from '../../../domain/actions/contact-actions.ts'
import { performContactAction } from './contact-actions.ts'
import type { ProfileAction } from '../../../domain/actions/profile-actions.ts'
import { performProfileAction } from './profile-actions.ts'

/**
 * Runs an action on the account through Baileys: one performer per area (its own file), so each area's
 * protocol details stay together.
 */
export async function performAction(context: ActionContext, action: WhatsAppAction): Promise<ActionAnswer> {
  const area = areaOf(action)
  switch (area) {
    case 'message':
      return performMessageAction(context, action as MessageAction)
    case 'contact':
      return performContactAction(context, action as ContactAction)
    case 'profile':
      return performProfileAction(context, action as ProfileAction)
    case 'group':
      return performGroupAction(context, action as GroupAction)
    case 'chat':
      return performChatAction(context, action as ChatAction)
    default:
      throw new Error(`the WhatsApp driver cannot do ${(action as { kind: string }).kind} yet`)
  }
}
