import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { pino } from 'pino'
import { loadConfig } from '../src/config.ts'
import { stableId } from '../src/domain/ids.ts'
import type { MessageData } from '../src/domain/messages/message-events.ts'
import { startGateway } from '../src/gateway.ts'
import { createWhatsAppDriver } from '../src/infra/whatsapp/create-whatsapp-driver.ts'
import { chatsProjection } from '../src/projections/chats/chats-projection.ts'
import { messagesProjection } from '../src/projections/messages/messages-projection.ts'
import { freePort, startNode, stopProcess, waitUntil } from '../tests/support/processes.ts'
import { percentile, type Figure } from './support/report.ts'

const INBOUND = Number(process.env.BENCH_INBOUND ?? 5000)
const CONTACTS = 20
const BIG_CHAT = Number(process.env.BENCH_BIG_CHAT ?? 100_000)

/**
 * Inbound messages per second from sandbox contacts through Baileys, the driver, the event store and
 * the chats read model, beside the raw event-store append rate of the same events in the same run;
 * and GET /api/chat/:sessionId/:jid latency on a 100 000-message chat, beside the same page as one
 * plain SQL query.
 */
export async function messagingBench(databaseUrl: string): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-messaging-'))
  const sandboxPort = await freePort()
  const sandbox = startNode('src/sandbox/main.ts', {
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_DATA_DIR: path.join(dir, 'sandbox'),
    LOG_LEVEL: 'warn',
  })
  const admin = `http://127.0.0.1:${sandboxPort}/admin`
  await waitUntil('the sandbox', async () => ((await fetch(`${admin}/health`)).ok ? true : undefined), 30_000)
  const post = async (p: string, body: unknown) => {
    const response = await fetch(`${admin}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (!response.ok) throw new Error(`${p}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<any>
  }

  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dir, 'gateway'),
    DATABASE_URL: databaseUrl,
    WA_WS_URL: `ws://127.0.0.1:${sandboxPort}/ws/chat`,
    GATEWAY_TEST_ENDPOINTS: '1',
    LOG_LEVEL: 'warn',
  })
  const gateway = await startGateway({ config, logger: pino({ level: 'warn' }), driver: createWhatsAppDriver })
  try {
    const call = async (method: string, p: string, key?: string, body?: unknown) =>
      (await fetch(`${gateway.url}${p}`, { method, headers: { ...(key ? { 'x-api-key': key } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>
    const { apiKey } = await call('POST', '/api/test/create-user')
    const phone = await post('/phones', { name: 'Bench' })
    const { sessionId } = await call('POST', '/api/sessions', apiKey, { name: 'bench' })
    const qr = await waitUntil('a QR', async () => (await call('GET', `/api/sessions/${sessionId}`, apiKey)).qr ?? undefined, 30_000)
    await post(`/phones/${phone.pn}/scan`, { qr })
    await waitUntil('CONNECTED', async () => ((await call('GET', `/api/sessions/${sessionId}`, apiKey)).status === 'CONNECTED' ? true : undefined), 30_000)

    // Queue the burst while the session is off, so replaying it measures the gateway, not the sandbox's encryption.
    await call('POST', `/api/sessions/${sessionId}/stop`, apiKey)
    const contacts = await Promise.all(Array.from({ length: CONTACTS }, (_, n) => post('/contacts', { name: `Contact ${n}` })))
    let next = 0
    console.error(`  queueing ${INBOUND} inbound messages in the sandbox …`)
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = next++; n < INBOUND; n = next++) {
          const from = contacts[n % CONTACTS]
          await post('/messages', { from: from.pn, to: phone.pn, text: `inbound message number ${n} with some ordinary text in it` })
        }
      }),
    )
    const db = gateway.db
    const countMessages = async () =>
      Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM messages WHERE session_id = ${sessionId} AND from_me = false`.execute(db)).rows[0]!.n)
    const started = performance.now()
    await call('POST', `/api/sessions/${sessionId}/start`, apiKey)
    await waitUntil(`all ${INBOUND} messages in the read models`, async () => ((await countMessages()) >= INBOUND ? true : undefined), 300_000, 20)
    const head = await gateway.store.headPosition()
    await gateway.projections.waitFor(chatsProjection.name, head, 60_000)
    const inboundRate = INBOUND / ((performance.now() - started) / 1000)

    // The raw append rate of the same events, in the batches Baileys delivers them in.
    const template = (await gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'message.received')
    const batch = 50
    const appendStarted = performance.now()
    for (let i = 0; i < template.length; i += batch) {
      await gateway.store.append(
        `bench-raw-${sessionId}`,
        template.slice(i, i + batch).map((e, n) => ({ type: e.type, data: e.data, metadata: e.metadata, id: stableId('raw', i + n) })),
        'any',
      )
    }
    const appendRate = template.length / ((performance.now() - appendStarted) / 1000)

    // A chat of BIG_CHAT messages, then pages of it.
    const bigJid = '6287748687946@s.whatsapp.net'
    console.error(`  recording a ${BIG_CHAT}-message chat …`)
    const now = Math.floor(Date.now() / 1000) - BIG_CHAT
    let last = 0n
    for (let i = 0; i < BIG_CHAT; i += 1000) {
      const events = Array.from({ length: Math.min(1000, BIG_CHAT - i) }, (_, n) => {
        const keyId = `BIG${String(i + n).padStart(8, '0')}`
        const data: MessageData = {
          keyId,
          remoteJid: bigJid,
          fromMe: (i + n) % 3 === 0,
          senderJid: null,
          pushName: 'Adit',
          timestamp: now + i + n,
          type: 'TEXT',
          text: `message ${i + n}`,
          content: { conversation: `message ${i + n}` },
          quotedKeyId: null,
          media: null,
        }
        return { type: data.fromMe ? 'message.sent' : 'message.received', data }
      })
      last = (await gateway.store.append(`messages-${sessionId}`, events, 'any')).position
    }
    await gateway.projections.waitFor(messagesProjection.name, last, 600_000)
    const page = `/api/chat/${sessionId}/${encodeURIComponent(bigJid)}?limit=50`
    const newest = (await call('GET', page, apiKey)) as Array<{ id: string }>
    const deep = (await call('GET', `${page}&before=${encodeURIComponent(newest[0]!.id)}`, apiKey)) as Array<{ id: string }>
    if (newest.length !== 50 || deep.length !== 50) throw new Error('the big chat did not page as expected')
    const apiLatencies: number[] = []
    const sqlLatencies: number[] = []
    const cursor = (await sql<{ timestamp: Date; position: bigint }>`SELECT timestamp, position FROM messages WHERE id = ${deep[0]!.id}`.execute(db)).rows[0]!
    for (let i = 0; i < 200; i++) {
      let t = performance.now()
      await call('GET', i % 2 ? page : `${page}&before=${encodeURIComponent(deep[0]!.id)}`, apiKey)
      apiLatencies.push(performance.now() - t)
      t = performance.now()
      await sql`SELECT * FROM messages WHERE session_id = ${sessionId} AND remote_jid = ${bigJid} AND complete
        ${i % 2 ? sql`` : sql`AND (timestamp, position) < (${cursor.timestamp}, ${cursor.position})`}
        ORDER BY timestamp DESC, position DESC LIMIT 50`.execute(db)
      sqlLatencies.push(performance.now() - t)
    }

    return [
      {
        name: `inbound: sandbox → Baileys → store → chats (${INBOUND} msgs)`,
        unit: 'msgs/s',
        ours: inboundRate,
        baseline: appendRate,
        better: 'higher',
        note: 'baseline: appending the same events straight to the store',
      },
      {
        name: `GET /api/chat/:s/:jid p50, ${BIG_CHAT}-message chat`,
        unit: 'ms',
        ours: percentile(apiLatencies, 50),
        baseline: percentile(sqlLatencies, 50),
        better: 'lower',
        note: 'baseline: the same page as one SQL query; newest and deep pages',
      },
      {
        name: `GET /api/chat/:s/:jid p99, ${BIG_CHAT}-message chat`,
        unit: 'ms',
        ours: percentile(apiLatencies, 99),
        baseline: percentile(sqlLatencies, 99),
        better: 'lower',
      },
    ]
  } finally {
    await gateway.close()
    await stopProcess(sandbox.child)
  }
}
