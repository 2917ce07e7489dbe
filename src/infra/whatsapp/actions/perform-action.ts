import { areaOf, type ActionAnswer, type WhatsAppAction } from '../../../domain/actions/whatsapp-action.ts'
import type { ActionContext } from './action-context.ts'

/**
 * Runs an action on the account through Baileys: one performer per area (its own file), so each area's
 * protocol details stay together.
 */
export async function performAction(context: ActionContext, action: WhatsAppAction): Promise<ActionAnswer> {
  const area = areaOf(action)
  switch (area) {
    default:
      throw new Error(`the WhatsApp driver cannot do ${(action as { kind: string }).kind} yet`)
  }
}
