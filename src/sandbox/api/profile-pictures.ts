import type { Core } from '../core.ts'
import { badRequest, notFound } from '../errors.ts'
import { requireGroup } from '../groups.ts'
import type { PictureOwner } from '../profile-pictures.ts'
import type { Facet } from './facet.ts'

export const profilePicturesFacet: Facet<'setProfilePicture' | 'removeProfilePicture' | 'getProfilePicture'> = ({ core, pictures }) => ({
  async setProfilePicture(owner, input) {
    if (!input || typeof input !== 'object') throw badRequest('give { data, mimetype }')
    const target = pictureOwner(core, owner)
    const data = typeof input.data === 'string' ? Buffer.from(input.data, 'base64') : input.data
    await pictures.set(target, { data, ...(input.mimetype !== undefined ? { mimetype: input.mimetype } : {}) })
    return pictures.info(target)!
  },
  removeProfilePicture: owner => pictures.remove(pictureOwner(core, owner)),
  getProfilePicture: owner => pictures.info(pictureOwner(core, owner)),
})

/** A user (phone or contact) or a group, by JID or id. */
function pictureOwner(core: Core, id: string): PictureOwner {
  if (typeof id === 'string' && id.endsWith('@g.us')) return { kind: 'group', group: requireGroup(core, id) }
  const user = typeof id === 'string' ? core.world.findUser(id) : undefined
  if (user) return { kind: 'user', user }
  const group = typeof id === 'string' ? core.world.findGroup(id) : undefined
  if (group) return { kind: 'group', group }
  throw notFound(`no user or group ${id}`)
}
