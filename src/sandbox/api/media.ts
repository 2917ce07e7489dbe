import { badRequest, notFound } from '../errors.ts'
import { decryptMedia, mediaOf } from '../media.ts'
import { messageFromJson } from '../message-content.ts'
import type { Facet } from './facet.ts'

/** The media companions uploaded, decrypted. */
export const mediaFacet: Facet<'downloadMedia'> = ({ core, media }) => ({
  async downloadMedia(messageId) {
    const record = core.world.sent.findById(messageId)
    if (!record) throw notFound(`no sent message ${messageId}`)
    const found = record.message ? mediaOf(messageFromJson(record.message)) : undefined
    if (!found?.content.mediaKey || !found.content.directPath) throw badRequest('the message has no media')
    const body = media.get(found.content.directPath)
    if (!body) throw notFound('the media was not uploaded to the sandbox')
    const data = await decryptMedia(body, found.content.mediaKey, found.type)
    return { ...(found.content.mimetype ? { mimetype: found.content.mimetype } : {}), data }
  },
})
