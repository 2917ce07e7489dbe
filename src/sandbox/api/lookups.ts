import type { Core } from '../core.ts'
import { notFound } from '../errors.ts'
import type { PhoneState, UserState } from '../model.ts'

/** The phone named by PN digits or JID, or a 404. */
export function requirePhone(core: Core, id: string): PhoneState {
  const phone = typeof id === 'string' ? core.world.findPhone(id) : undefined
  if (!phone) throw notFound(`no phone ${id}`)
  return phone
}

/** The phone or contact named by PN digits or JID, or a 404. */
export function requireUser(core: Core, id: string): UserState {
  const user = typeof id === 'string' ? core.world.findUser(id) : undefined
  if (!user) throw notFound(`no user ${id}`)
  return user
}
