import { ADDRESSINGS } from '../core.ts'
import { badRequest } from '../errors.ts'
import { sendGroupMessageFromUser } from '../group-messages.ts'
import { requireGroup } from '../groups.ts'
import { sendReceiptForSent } from '../receipts.ts'
import { sendFromUser } from '../virtual-contact.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'
import { checkMessageId, toMessage } from './to-message.ts'

/** Virtual users message a phone's companions or a group, and answer what the companions sent with receipts. */
export const messagesFacet: Facet<'sendMessage' | 'sendReceipt'> = ({ core, media }) => ({
  async sendMessage(input) {
    if (!input || typeof input !== 'object') throw badRequest('body must be an object')
    checkMessageId(input.id)
    const from = requireUser(core, input.from)
    const group = typeof input.to === 'string' && input.to.endsWith('@g.us') ? requireGroup(core, input.to) : undefined
    if (group) {
      if (!group.participants.some(p => p.pn === from.pn)) throw badRequest(`${from.pn} is not a member of the group`)
      const result = await sendGroupMessageFromUser(core, {
        from,
        group,
        message: await toMessage(input, media),
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      })
      return { id: result.id, timestamp: result.timestamp, devices: result.devices }
    }
    const to = requirePhone(core, input.to)
    if (input.addressing !== undefined && !ADDRESSINGS.includes(input.addressing)) {
      throw badRequest(`addressing must be one of ${ADDRESSINGS.join(', ')}`)
    }
    if (!to.devices.length) throw badRequest(`phone ${to.pn} has no linked device to receive the message`)
    const result = await sendFromUser(core, {
      from,
      to,
      message: await toMessage(input, media),
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.addressing !== undefined ? { addressing: input.addressing } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
    })
    return { id: result.id, timestamp: result.timestamp, devices: result.devices }
  },
  sendReceipt: input => sendReceiptForSent(core, input),
})
