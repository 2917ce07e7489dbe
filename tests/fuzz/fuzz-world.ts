import { startScriptedWorld, type ScriptedWorld } from '../webhooks/scripted-world.ts'
import type { FuzzFixtures } from './http-fuzz.ts'

const CONTACT = '6287748687946@s.whatsapp.net'

/**
 * A gateway (scripted WhatsApp, private networks refused) with something of every kind to aim at:
 * a connected session, a victim session and user for destructive routes, a webhook, a schedule, an
 * auto-reply, a broadcast, a group, a replay, received messages.
 */
export async function startFuzzWorld(): Promise<{ world: ScriptedWorld; fixtures: FuzzFixtures }> {
  const world = await startScriptedWorld({
    env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false', LOG_LEVEL: 'warn' },
    ...(process.env.DATABASE_URL ? { database: 'postgres' as const } : {}),
  })
  const { gw } = world
  const ok = async (method: string, path: string, key: string, body?: unknown) => {
    const { status, body: answer } = await gw.request(method, path, { key, body })
    if (status >= 300) throw new Error(`fixture ${method} ${path}: ${status} ${JSON.stringify(answer)}`)
    return answer
  }
  const superadmin = await world.user('SUPERADMIN')
  const owner = world.key
  const { sessionId, connection } = await world.session()
  const staff = await world.user('STAFF')
  await ok('PATCH', `/api/admin/users/${staff.id}`, superadmin.apiKey, { assignedSessionIds: [sessionId] })
  const password = 'fuzz-owner-password'
  const { body: loginUser } = await gw.request('POST', '/api/test/create-user', { body: { role: 'OWNER', password } })
  const login = await gw.request('POST', '/api/auth/login', { body: { email: loginUser.email, password } })
  if (login.status !== 200) throw new Error(`fixture login: ${login.status} ${JSON.stringify(login.body)}`)
  const cookieHeader = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const csrf = /wag\.csrf=([^;]+)/.exec(cookieHeader)?.[1] ?? ''
  world.receive(connection, 3, 'FUZZ')
  const victimSession = (await ok('POST', '/api/sessions', owner, { name: 'Victim' })).sessionId as string
  const victimUser = await world.user('OWNER')
  const webhook = await ok('POST', '/api/webhooks', owner, { name: 'Fuzz', url: 'http://hooks.invalid/fuzz', events: ['*'] })
  const schedule = await ok('POST', '/api/scheduler', owner, { sessionId, jid: CONTACT, content: 'later', sendAt: new Date(Date.now() + 86_400_000).toISOString() })
  const autoReply = await ok('POST', '/api/autoreplies', owner, { sessionId, keyword: 'ping', response: 'pong' })
  const broadcast = await ok('POST', '/api/messages/broadcast', owner, { sessionId, recipients: [CONTACT], message: 'hello all' })
  const group = await ok('POST', '/api/groups/create', owner, { sessionId, subject: 'Fuzzers', participants: [CONTACT] })
  const replay = await ok('POST', `/api/webhooks/${webhook.id}/replay`, owner, { fromPosition: 1 })
  const jids = [CONTACT, String(group.gid ?? group.jid ?? group.id ?? CONTACT)]
  const fixtures: FuzzFixtures = {
    keys: { superadmin: superadmin.apiKey, owner, staff: staff.apiKey },
    cookie: { header: cookieHeader, csrf },
    disposableKey: async () => (await world.user('OWNER')).apiKey,
    ids: {
      sessionId: [sessionId, victimSession],
      jid: jids,
      recipients: jids,
      participants: [CONTACT],
      'id@sessions': [sessionId, victimSession],
      'id@webhooks': [String(webhook.id)],
      'id@scheduler': [String(schedule.id)],
      'id@autoreplies': [String(autoReply.id)],
      'id@messages': [String(broadcast.broadcastId ?? broadcast.id)],
      'id@admin': [victimUser.id],
      deliveryId: ['00000000-0000-0000-0000-000000000000'],
      replayId: [String(replay.replay?.id ?? replay.id)],
      name: ['missing.jpg'],
      assignedSessionIds: [sessionId, victimSession],
    },
    victims: {
      'id@sessions': [victimSession],
      'id@admin': [victimUser.id],
      sessionId: [victimSession],
    },
  }
  return { world, fixtures }
}
