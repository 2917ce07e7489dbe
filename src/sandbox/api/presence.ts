import { requireGroup } from '../groups.ts'
import { sendPresence } from '../presence.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'

export const presenceFacet: Facet<'sendPresence'> = ({ core }) => ({
  sendPresence({ from, to, type }) {
    const group = typeof to === 'string' && to.endsWith('@g.us') ? requireGroup(core, to) : undefined
    return sendPresence(core, { from: requireUser(core, from), to: group ?? requirePhone(core, to), type })
  },
})
