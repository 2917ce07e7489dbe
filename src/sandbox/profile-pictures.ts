/**
 * Profile pictures (`w:profile:picture`). Baileys asks `<iq type="get" target="<jid>"><picture
 * type="image"|"preview" query="url"/></iq>` and reads `<picture url>` from the answer; a user (or
 * group) without a picture is answered `404 item-not-found`, as WhatsApp does (Baileys then throws a
 * Boom `item-not-found` with `data: 404`). Pictures are set by the admin API, or by a client for its
 * own account or one of its groups (`<iq type="set"><picture type="image">jpeg</picture></iq>`, no
 * content: remove). The sandbox serves the bytes itself, like WhatsApp's pps host, on its https (and
 * http) listener; the `preview` is a 96x96 JPEG thumbnail (made with sharp when it can read the
 * image, else the picture itself). Changes are announced with `<notification type="picture">`
 * (Baileys: contacts.update `imgUrl: 'changed' | 'removed'`).
 */
import { randomInt } from 'node:crypto'
import { getBinaryNodeChild, isJidGroup } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import type Koa from 'koa'
import { TAG } from './constants.ts'
import type { Core, IqHandler } from './core.ts'
import { badRequest } from './errors.ts'
import { groupJid } from './groups.ts'
import { firstChild, IQ_BAD_REQUEST, IqError, IQ_NOT_FOUND } from './iq.ts'
import { lidJid, pnJid } from './jid.ts'
import type { GroupState, ProfilePicture, UserState } from './model.ts'
import type { SandboxStore } from './store.ts'

/** Where pictures are served from (WhatsApp's look like `/v/t61.24694-24/<id>_n.jpg?...`). */
export const PICTURE_PATH_PREFIX = '/v/t61.sandbox/'
const PICTURE_PATH = /^\/v\/t61\.sandbox\/(\d+)-(image|preview)\.(\w+)$/
const PREVIEW_SIZE = 96
const MAX_PICTURE_BYTES = 10 * 1024 * 1024

export type PictureType = 'image' | 'preview'
export type PictureOwner = { kind: 'user'; user: UserState } | { kind: 'group'; group: GroupState }

export type ProfilePictureInfo = {
  /** Picture id (a new one for each new picture). */
  id: string
  mimetype: string
  /** Full picture and its thumbnail, served by the sandbox (what `profilePictureUrl` resolves to). */
  url: string
  previewUrl: string
  directPath: string
  /** ISO time it was set. */
  setAt: string
}

export type ProfilePictureService = {
  set(owner: PictureOwner, input: { data: Uint8Array; mimetype?: string }, actor?: { user: UserState; exceptDevice?: number }): Promise<ProfilePicture>
  /** Returns whether there was a picture. */
  remove(owner: PictureOwner, actor?: { user: UserState; exceptDevice?: number }): boolean
  info(owner: PictureOwner): ProfilePictureInfo | undefined
  iqHandler: IqHandler
  /** Koa middleware serving the pictures (outside /admin). */
  middleware: Koa.Middleware
}

const extensionOf = (mimetype: string) => (/^image\/(jpeg|png|webp|gif)$/.exec(mimetype)?.[1] ?? 'bin').replace('jpeg', 'jpg')
const blobKey = (id: string, type: PictureType) => `pictures/${id}${type === 'preview' ? '.preview' : ''}`

/** A 96x96 JPEG thumbnail, with sharp if it is installed and can read the picture. */
async function makePreview(data: Uint8Array): Promise<{ data: Uint8Array; mimetype: string } | undefined> {
  try {
    const { default: sharp } = await import('sharp')
    const preview = await sharp(data).resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'cover' }).jpeg().toBuffer()
    return { data: preview, mimetype: 'image/jpeg' }
  } catch {
    return undefined
  }
}

export function createProfilePictureService(core: Core, store: SandboxStore, options: { host: () => string }): ProfilePictureService {
  const { world } = core
  const pictureOf = (owner: PictureOwner) => (owner.kind === 'user' ? owner.user.picture : owner.group.picture)
  const ownerJid = (owner: PictureOwner) => (owner.kind === 'user' ? pnJid(owner.user.pn) : groupJid(owner.group))
  const save = (owner: PictureOwner) => (owner.kind === 'user' ? world.save(owner.user) : world.saveGroup(owner.group))
  const assign = (owner: PictureOwner, picture: ProfilePicture | undefined) => {
    const target = owner.kind === 'user' ? owner.user : owner.group
    if (picture) target.picture = picture
    else delete target.picture
    save(owner)
  }

  const pathOf = (picture: ProfilePicture, type: PictureType) =>
    `${PICTURE_PATH_PREFIX}${picture.id}-${type}.${extensionOf(type === 'preview' ? (picture.previewMimetype ?? picture.mimetype) : picture.mimetype)}`
  const directPathOf = (picture: ProfilePicture, type: PictureType) => `${pathOf(picture, type)}?ccb=11-4&_nc_sid=sandbox`
  const urlOf = (picture: ProfilePicture, type: PictureType) => `https://${options.host()}${directPathOf(picture, type)}`

  /** Every picture currently set, by id (a replaced or removed picture is no longer served). */
  const findPicture = (id: string): ProfilePicture | undefined => {
    for (const user of [...world.phones(), ...world.contacts()]) if (user.picture?.id === id) return user.picture
    for (const group of world.groups()) if (group.picture?.id === id) return group.picture
    return undefined
  }

  /** Who hears about a change: every phone's companions for a user (everyone knows everyone here), members' for a group. */
  const announce = (owner: PictureOwner, child: BinaryNode, actor?: { user: UserState; exceptDevice?: number }) => {
    const from = ownerJid(owner)
    const phones = owner.kind === 'user' ? world.phones() : owner.group.participants.flatMap(p => world.findPhone(p.pn) ?? [])
    const notification: BinaryNode = {
      tag: TAG.notification,
      attrs: { from, type: 'picture', id: String(randomInt(1, 2 ** 31)), t: String(Math.floor(Date.now() / 1000)) },
      content: [child],
    }
    for (const phone of phones) {
      for (const device of phone.devices) {
        if (actor?.exceptDevice !== undefined && actor.user.pn === phone.pn && actor.exceptDevice === device.id) continue
        core.hub.deliver(phone, device, notification)
      }
    }
  }
  const authorAttrs = (actor?: { user: UserState }): Record<string, string> =>
    actor ? { author: lidJid(actor.user.lid), author_pn: pnJid(actor.user.pn) } : {}

  const forget = (picture: ProfilePicture | undefined) => {
    if (!picture) return
    store.remove(blobKey(picture.id, 'image'))
    store.remove(blobKey(picture.id, 'preview'))
  }

  const service: ProfilePictureService = {
    async set(owner, input, actor) {
      const data = input.data
      if (!(data instanceof Uint8Array) || !data.length) throw badRequest('data must be non-empty bytes (base64 over HTTP)')
      if (data.length > MAX_PICTURE_BYTES) throw badRequest('picture too large')
      const mimetype = input.mimetype ?? 'image/jpeg'
      if (typeof mimetype !== 'string' || !/^image\/[\w.+-]+$/.test(mimetype)) throw badRequest('mimetype must be an image type, e.g. image/jpeg')
      const preview = await makePreview(data)
      const previous = pictureOf(owner)
      let id = ''
      while (!id || id === previous?.id || findPicture(id)) id = `${Date.now()}${randomInt(100, 1000)}`
      store.writeBlob(blobKey(id, 'image'), data)
      if (preview) store.writeBlob(blobKey(id, 'preview'), preview.data)
      const picture: ProfilePicture = {
        id,
        mimetype,
        ...(preview ? { previewMimetype: preview.mimetype } : {}),
        setAt: Math.floor(Date.now() / 1000),
        ...(actor ? { author: actor.user.pn } : {}),
      }
      assign(owner, picture)
      forget(previous)
      announce(owner, { tag: 'set', attrs: { jid: ownerJid(owner), id, ...authorAttrs(actor) } }, actor)
      core.logger.info({ owner: ownerJid(owner), id }, 'profile picture set')
      return picture
    },
    remove(owner, actor) {
      const previous = pictureOf(owner)
      if (!previous) return false
      assign(owner, undefined)
      forget(previous)
      announce(owner, { tag: 'delete', attrs: { jid: ownerJid(owner), ...authorAttrs(actor) } }, actor)
      return true
    },
    info(owner) {
      const picture = pictureOf(owner)
      if (!picture) return undefined
      return {
        id: picture.id,
        mimetype: picture.mimetype,
        url: urlOf(picture, 'image'),
        previewUrl: urlOf(picture, 'preview'),
        directPath: directPathOf(picture, 'image'),
        setAt: new Date(picture.setAt * 1000).toISOString(),
      }
    },
    async iqHandler({ node, session }) {
      const request = firstChild(node)
      const target = node.attrs.target
      if (node.attrs.type === 'get') {
        if (request?.tag !== 'picture' || !target) throw IQ_BAD_REQUEST()
        const owner = resolveOwner(target)
        const picture = owner ? pictureOf(owner) : undefined
        if (!owner || !picture) throw IQ_NOT_FOUND()
        const type: PictureType = request.attrs.type === 'preview' ? 'preview' : 'image'
        return [
          {
            tag: 'picture',
            attrs: { id: picture.id, type, url: urlOf(picture, type), direct_path: directPathOf(picture, type) },
          },
        ]
      }
      // set: the client's own picture (no target, or its own JID) or a group's it belongs to
      if (!session) throw IQ_BAD_REQUEST()
      const me = session.phone
      const owner: PictureOwner | undefined = target ? resolveOwner(target) : { kind: 'user', user: me }
      if (!owner) throw IQ_NOT_FOUND()
      if (owner.kind === 'user' && owner.user !== me) throw new IqError(403, 'forbidden')
      if (owner.kind === 'group') {
        const member = owner.group.participants.find(p => p.pn === me.pn)
        if (!member || (owner.group.restrict && !member.admin)) throw new IqError(403, 'forbidden')
      }
      const actor = { user: me, exceptDevice: session.device.id }
      const picture = getBinaryNodeChild(node, 'picture')
      if (picture?.content instanceof Uint8Array && picture.content.length) {
        const set = await service.set(owner, { data: picture.content, mimetype: 'image/jpeg' }, actor)
        return [{ tag: 'picture', attrs: { id: set.id } }]
      }
      service.remove(owner, actor)
      return undefined
    },
    async middleware(ctx, next) {
      const match = ctx.method === 'GET' || ctx.method === 'HEAD' ? PICTURE_PATH.exec(ctx.path) : null
      if (!match) return next()
      const picture = findPicture(match[1]!)
      const preview = match[2] === 'preview' && picture?.previewMimetype ? store.readBlob(blobKey(picture.id, 'preview')) : undefined
      const bytes = preview ?? (picture ? store.readBlob(blobKey(picture.id, 'image')) : undefined)
      if (!picture || !bytes) {
        ctx.status = 404
        ctx.body = { error: 'no such picture' }
        return
      }
      ctx.type = preview ? picture.previewMimetype! : picture.mimetype
      ctx.body = bytes
    },
  }

  function resolveOwner(jid: string): PictureOwner | undefined {
    if (isJidGroup(jid)) {
      const group = world.findGroup(jid)
      return group ? { kind: 'group', group } : undefined
    }
    const user = world.findUser(jid)
    return user ? { kind: 'user', user } : undefined
  }

  return service
}
