/**
 * The admin HTTP API (JSON), mounted under `/admin`. Errors are `{ "error": "..." }` with a 4xx
 * status for bad input. Long-polling: list endpoints take `wait=<ms>` and answer as soon as at least
 * one record matches (or with `[]` when the wait is over).
 */
import Koa from 'koa'
import Router from '@koa/router'
import type { Logger } from 'pino'
import type { MediaInput, PostStatusInput, SandboxApi, SendMessageInput } from './api.ts'
import { ADDRESSINGS, type Addressing } from './core.ts'
import type { PresenceType } from './presence.ts'
import { badRequest, SandboxError } from './errors.ts'

export const ADMIN_PREFIX = '/admin'
const MAX_BODY_BYTES = 16 * 1024 * 1024
const MAX_WAIT_MS = 60_000

async function readJson(ctx: Koa.Context): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new SandboxError(413, 'body too large')
    chunks.push(chunk as Buffer)
  }
  if (!size) return {}
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw badRequest('body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body must be a JSON object')
  return body as Record<string, unknown>
}

const optionalString = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badRequest(`${name} must be a string`)
  return value
}
const optionalInt = (value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  if (value === undefined || value === '') return undefined
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max) throw badRequest(`${name} must be an integer from 0 to ${max}`)
  return n
}
const queryParam = (ctx: Koa.Context, name: string) => {
  const value = ctx.query[name]
  return Array.isArray(value) ? value[0] : value
}

/** Lists now, or waits up to `wait` ms for the first match and then lists. */
async function longPoll<T>(list: () => T[], wait: number | undefined, waitFor: (timeoutMs: number) => Promise<unknown>): Promise<T[]> {
  const now = list()
  if (now.length || !wait) return now
  try {
    await waitFor(wait)
  } catch {
    return []
  }
  return list()
}

/** The HTTP app: `before` middleware (media endpoints) first, then the admin routes under /admin. */
export function createAdminApp(api: SandboxApi, logger: Logger, before: Koa.Middleware[] = []): Koa {
  const app = new Koa()
  const router = new Router({ prefix: ADMIN_PREFIX })

  app.use(async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404
        ctx.body = { error: `no route ${ctx.method} ${ctx.path}` }
      }
    } catch (err) {
      if (err instanceof SandboxError) {
        ctx.status = err.status
        ctx.body = { error: err.message }
      } else {
        logger.error({ err, path: ctx.path }, 'admin request failed')
        ctx.status = 500
        ctx.body = { error: (err as Error).message ?? 'internal error' }
      }
    }
  })

  for (const middleware of before) app.use(middleware)

  const userInput = (body: Record<string, unknown>) => ({
    ...(body.pn !== undefined ? { pn: optionalString(body.pn, 'pn')! } : {}),
    ...(body.lid !== undefined ? { lid: optionalString(body.lid, 'lid')! } : {}),
    ...(body.name !== undefined ? { name: optionalString(body.name, 'name')! } : {}),
  })
  const faultTarget = (ctx: Koa.Context, body: Record<string, unknown>) => {
    const deviceId = optionalInt(body.deviceId, 'deviceId')
    return { phone: ctx.params.phone as string, ...(deviceId !== undefined ? { deviceId } : {}) }
  }
  const sentFilter = (ctx: Koa.Context, phone?: string) => {
    const to = optionalString(queryParam(ctx, 'to'), 'to')
    const since = optionalInt(queryParam(ctx, 'since'), 'since')
    const id = optionalString(queryParam(ctx, 'id'), 'id')
    return { ...(phone ? { phone } : {}), ...(to ? { to } : {}), ...(since !== undefined ? { since } : {}), ...(id ? { id } : {}) }
  }
  const receivedFilter = (ctx: Koa.Context, phone?: string) => {
    const from = optionalString(queryParam(ctx, 'from'), 'from')
    const since = optionalInt(queryParam(ctx, 'since'), 'since')
    const id = optionalString(queryParam(ctx, 'id'), 'id')
    return { ...(phone ? { phone } : {}), ...(from ? { from } : {}), ...(since !== undefined ? { since } : {}), ...(id ? { id } : {}) }
  }
  const sendInput = (from: string, body: Record<string, unknown>): SendMessageInput => {
    const to = optionalString(body.to, 'to')
    if (!to) throw badRequest('to is required')
    const common = {
      from,
      to,
      ...(body.id !== undefined ? { id: optionalString(body.id, 'id')! } : {}),
      ...(body.addressing !== undefined ? { addressing: addressingOf(body.addressing) } : {}),
      ...(body.timestamp !== undefined ? { timestamp: optionalInt(body.timestamp, 'timestamp')! } : {}),
    }
    const text = optionalString(body.text, 'text')
    if (text !== undefined) return { ...common, text }
    if (typeof body.media === 'object' && body.media !== null) return { ...common, media: body.media as MediaInput }
    if (typeof body.message === 'object' && body.message !== null) return { ...common, message: body.message as Record<string, unknown> }
    throw badRequest('give text, media or message')
  }
  const statusInput = (from: string, body: Record<string, unknown>): PostStatusInput => {
    if (body.to !== undefined && !Array.isArray(body.to)) throw badRequest('to must be an array of phones')
    const backgroundColor = body.backgroundColor
    if (backgroundColor !== undefined && typeof backgroundColor !== 'string' && typeof backgroundColor !== 'number') {
      throw badRequest('backgroundColor must be a string or a number')
    }
    const font = body.font
    if (font !== undefined && typeof font !== 'string' && typeof font !== 'number') throw badRequest('font must be a string or a number')
    const common = {
      from,
      ...(body.to !== undefined ? { to: (body.to as unknown[]).map(String) } : {}),
      ...(backgroundColor !== undefined ? { backgroundColor } : {}),
      ...(font !== undefined ? { font } : {}),
      ...(body.id !== undefined ? { id: optionalString(body.id, 'id')! } : {}),
      ...(body.timestamp !== undefined ? { timestamp: optionalInt(body.timestamp, 'timestamp')! } : {}),
    }
    const text = optionalString(body.text, 'text')
    if (text !== undefined) return { ...common, text }
    if (typeof body.media === 'object' && body.media !== null) return { ...common, media: body.media as MediaInput }
    if (typeof body.message === 'object' && body.message !== null) return { ...common, message: body.message as Record<string, unknown> }
    throw badRequest('give text, media or message')
  }
  /** The picture routes of phones, contacts and groups: `check` 404s an id of the wrong kind. */
  const pictureRoutes = (path: string, param: string, check: (id: string) => unknown) => {
    router
      .put(path, async ctx => {
        const id = ctx.params[param] as string
        check(id)
        const body = await readJson(ctx)
        const data = optionalString(body.data, 'data')
        if (!data) throw badRequest('data (base64) is required')
        const mimetype = optionalString(body.mimetype, 'mimetype')
        ctx.body = await api.setProfilePicture(id, { data, ...(mimetype !== undefined ? { mimetype } : {}) })
      })
      .get(path, ctx => {
        const id = ctx.params[param] as string
        check(id)
        const info = api.getProfilePicture(id)
        if (!info) throw new SandboxError(404, `${id} has no profile picture`)
        ctx.body = info
      })
      .delete(path, ctx => {
        const id = ctx.params[param] as string
        check(id)
        ctx.body = { removed: api.removeProfilePicture(id) }
      })
  }
  const wait = (ctx: Koa.Context) => optionalInt(queryParam(ctx, 'wait'), 'wait', MAX_WAIT_MS)

  router
    .get('/health', ctx => {
      ctx.body = { ok: true, cursor: api.cursor() }
    })
    .get('/phones', ctx => {
      ctx.body = api.listPhones()
    })
    .post('/phones', async ctx => {
      ctx.status = 201
      ctx.body = api.createPhone(userInput(await readJson(ctx)))
    })
    .get('/phones/:phone', ctx => {
      ctx.body = api.getPhone(ctx.params.phone as string)
    })
    .post('/phones/:phone/scan', async ctx => {
      const body = await readJson(ctx)
      const qr = optionalString(body.qr, 'qr')
      if (!qr) throw badRequest('qr is required')
      ctx.body = await api.scanQr(ctx.params.phone as string, qr)
    })
    .post('/phones/:phone/pairing-code', async ctx => {
      const body = await readJson(ctx)
      const code = optionalString(body.code, 'code')
      if (!code) throw badRequest('code is required')
      ctx.body = await api.enterPairingCode(ctx.params.phone as string, code)
    })
    .get('/phones/:phone/sent', async ctx => {
      const filter = sentFilter(ctx, ctx.params.phone as string)
      ctx.body = await longPoll(() => api.listSent(filter), wait(ctx), timeoutMs => api.waitForSent({ ...filter, timeoutMs }))
    })
    .get('/phones/:phone/received', async ctx => {
      const filter = receivedFilter(ctx, ctx.params.phone as string)
      ctx.body = await longPoll(() => api.listReceived(filter), wait(ctx), timeoutMs => api.waitForReceived({ ...filter, timeoutMs }))
    })
    .post('/phones/:phone/faults/drop-socket', async ctx => {
      ctx.body = { affected: api.faults.dropSocket(faultTarget(ctx, await readJson(ctx))) }
    })
    .post('/phones/:phone/faults/silence', async ctx => {
      ctx.body = { affected: api.faults.silence(faultTarget(ctx, await readJson(ctx))) }
    })
    .post('/phones/:phone/faults/logout', async ctx => {
      ctx.body = { affected: api.faults.logout(faultTarget(ctx, await readJson(ctx))) }
    })
    .post('/phones/:phone/faults/reject-next-send', async ctx => {
      const body = await readJson(ctx)
      const code = body.code === undefined ? undefined : String(body.code)
      const count = optionalInt(body.count, 'count', 1000)
      const delayMs = optionalInt(body.delayMs, 'delayMs', 60_000)
      api.faults.rejectNextSend({
        phone: ctx.params.phone as string,
        ...(code !== undefined ? { code } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(delayMs !== undefined ? { delayMs } : {}),
      })
      ctx.body = { armed: count ?? 1 }
    })
    .get('/contacts', ctx => {
      ctx.body = api.listContacts()
    })
    .post('/contacts', async ctx => {
      ctx.status = 201
      ctx.body = api.createContact(userInput(await readJson(ctx)))
    })
    .get('/contacts/:contact', ctx => {
      ctx.body = api.getContact(ctx.params.contact as string)
    })
    .post('/contacts/:contact/messages', async ctx => {
      const body = await readJson(ctx)
      ctx.status = 201
      ctx.body = await api.sendMessage(sendInput(ctx.params.contact as string, body))
    })
    .post('/contacts/:contact/status', async ctx => {
      const body = await readJson(ctx)
      ctx.status = 201
      ctx.body = await api.postStatus(statusInput(ctx.params.contact as string, body))
    })
    .post('/status', async ctx => {
      // any virtual user (contact or phone) posts a status
      const body = await readJson(ctx)
      const from = optionalString(body.from, 'from')
      if (!from) throw badRequest('from is required')
      ctx.status = 201
      ctx.body = await api.postStatus(statusInput(from, body))
    })
    .get('/groups', ctx => {
      ctx.body = api.listGroups()
    })
    .post('/groups', async ctx => {
      const body = await readJson(ctx)
      const creator = optionalString(body.creator, 'creator')
      const subject = optionalString(body.subject, 'subject')
      if (!creator || subject === undefined) throw badRequest('creator and subject are required')
      if (body.participants !== undefined && !Array.isArray(body.participants)) throw badRequest('participants must be an array')
      ctx.status = 201
      ctx.body = api.createGroup({ creator, subject, participants: ((body.participants as unknown[]) ?? []).map(String) })
    })
    .get('/groups/:group', ctx => {
      ctx.body = api.getGroup(ctx.params.group as string)
    })
    .post('/groups/:group/participants', async ctx => {
      const body = await readJson(ctx)
      const actor = optionalString(body.actor, 'actor')
      const action = optionalString(body.action, 'action')
      if (!actor || !action || !Array.isArray(body.participants)) throw badRequest('actor, action and participants are required')
      ctx.body = api.updateGroupParticipants({
        group: ctx.params.group as string,
        actor,
        action: action as 'add' | 'remove' | 'promote' | 'demote',
        participants: (body.participants as unknown[]).map(String),
      })
    })
    .post('/messages', async ctx => {
      // any virtual user (contact or phone) to a phone or a group
      const body = await readJson(ctx)
      const from = optionalString(body.from, 'from')
      if (!from) throw badRequest('from is required')
      ctx.status = 201
      ctx.body = await api.sendMessage(sendInput(from, body))
    })
    .get('/messages/:id/media', async ctx => {
      const { mimetype, data } = await api.downloadMedia(ctx.params.id as string)
      ctx.type = mimetype ?? 'application/octet-stream'
      ctx.body = data
    })
    .get('/sent', async ctx => {
      const phone = optionalString(queryParam(ctx, 'phone'), 'phone')
      const filter = sentFilter(ctx, phone)
      ctx.body = await longPoll(() => api.listSent(filter), wait(ctx), timeoutMs => api.waitForSent({ ...filter, timeoutMs }))
    })
    .post('/messages/:id/receipts', async ctx => {
      const body = await readJson(ctx)
      const type = optionalString(body.type, 'type') ?? 'delivery'
      const from = optionalString(body.from, 'from')
      ctx.body = api.sendReceipt({
        messageId: ctx.params.id as string,
        type: type as 'delivery' | 'read' | 'played',
        ...(from !== undefined ? { from } : {}),
      })
    })
    .post('/messages/:id/votes', async ctx => {
      const body = await readJson(ctx)
      const from = optionalString(body.from, 'from')
      if (!from) throw badRequest('from is required')
      if (!Array.isArray(body.options)) throw badRequest('options must be an array of option texts')
      ctx.status = 201
      ctx.body = await api.votePoll({
        from,
        pollId: ctx.params.id as string,
        options: body.options as string[],
        ...(body.addressing !== undefined ? { addressing: addressingOf(body.addressing) } : {}),
      })
    })
    .get('/client-presence', ctx => {
      const phone = optionalString(queryParam(ctx, 'phone'), 'phone')
      const to = optionalString(queryParam(ctx, 'to'), 'to')
      ctx.body = api.clientPresence({ ...(phone !== undefined ? { phone } : {}), ...(to !== undefined ? { to } : {}) })
    })
    .post('/presence', async ctx => {
      const body = await readJson(ctx)
      const from = optionalString(body.from, 'from')
      const to = optionalString(body.to, 'to')
      const type = optionalString(body.type, 'type')
      if (!from || !to || !type) throw badRequest('from, to and type are required')
      ctx.body = { delivered: api.sendPresence({ from, to, type: type as PresenceType }) }
    })
    .post('/calls', async ctx => {
      const body = await readJson(ctx)
      const from = optionalString(body.from, 'from')
      const to = optionalString(body.to, 'to')
      if (!from || !to) throw badRequest('from (a contact) and to (a phone) are required')
      ctx.status = 201
      ctx.body = api.placeCall({ from, to, video: body.video === true })
    })
    .get('/calls', ctx => {
      ctx.body = api.calls(optionalString(queryParam(ctx, 'phone'), 'phone'))
    })
    .get('/phones/:phone/blocklist', ctx => {
      const phone = ctx.params.phone as string
      ctx.body = { blocked: api.blocklist(phone), changes: api.blocklistChanges(phone) }
    })
    .get('/users/:user/about', ctx => {
      ctx.body = api.getAbout(ctx.params.user as string)
    })
    .put('/users/:user/about', async ctx => {
      const body = await readJson(ctx)
      if (typeof body.text !== 'string') throw badRequest('text is required')
      api.setAbout(ctx.params.user as string, body.text)
      ctx.body = api.getAbout(ctx.params.user as string)
    })
    .put('/users/:user/business', async ctx => {
      const body = await readJson(ctx)
      api.setBusinessProfile(ctx.params.user as string, body.profile === null ? null : (body as never))
      ctx.body = { business: body.profile === null ? null : body }
    })
    .get('/connections', ctx => {
      ctx.body = api.connections()
    })

  pictureRoutes('/phones/:phone/picture', 'phone', id => api.getPhone(id))
  pictureRoutes('/contacts/:contact/picture', 'contact', id => api.getContact(id))
  pictureRoutes('/groups/:group/picture', 'group', id => api.getGroup(id))

  app.use(router.routes())
  app.use(router.allowedMethods())
  return app
}

function addressingOf(value: unknown): Addressing {
  if (typeof value === 'string' && (ADDRESSINGS as readonly string[]).includes(value)) return value as Addressing
  throw badRequest(`addressing must be one of ${ADDRESSINGS.join(', ')}`)
}
