import { notFound } from '../errors.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'
import { contactInfo, phoneInfo } from './to-info.ts'

/** Phones (the users whose companions the gateway links) and contacts (the people who write to them). */
export const usersFacet: Facet<'createPhone' | 'listPhones' | 'getPhone' | 'createContact' | 'listContacts' | 'getContact'> = ({ core }) => ({
  createPhone: input => phoneInfo(core, core.world.createPhone(input)),
  listPhones: () => core.world.phones().map(phone => phoneInfo(core, phone)),
  getPhone: id => phoneInfo(core, requirePhone(core, id)),
  createContact: input => contactInfo(core.world.createContact(input)),
  listContacts: () => core.world.contacts().map(contactInfo),
  getContact(id) {
    const user = requireUser(core, id)
    if (user.kind !== 'contact') throw notFound(`no contact ${id}`)
    return contactInfo(user)
  },
})
