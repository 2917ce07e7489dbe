import { badRequest } from '../errors.ts'
import { postStatusFromUser } from '../status-messages.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'
import { checkMessageId, toStatusMessage } from './to-message.ts'

/** Statuses (stories) virtual users post to `status@broadcast`. */
export const statusFacet: Facet<'postStatus'> = ({ core, media }) => ({
  async postStatus(input) {
    if (!input || typeof input !== 'object') throw badRequest('body must be an object')
    checkMessageId(input.id)
    const from = requireUser(core, input.from)
    if (input.to !== undefined && !Array.isArray(input.to)) throw badRequest('to must be an array of phones')
    const audience = input.to === undefined ? core.world.phones().filter(phone => phone.pn !== from.pn) : input.to.map(id => requirePhone(core, id))
    const result = await postStatusFromUser(core, {
      from,
      to: audience,
      message: await toStatusMessage(input, media),
      ...(input.id !== undefined ? { id: input.id } : {}),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
    })
    return { id: result.id, timestamp: result.timestamp, devices: result.devices }
  },
})
