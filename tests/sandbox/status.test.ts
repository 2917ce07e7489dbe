import { randomBytes } from 'node:crypto'
import { downloadMediaMessage } from '@whiskeysockets/baileys'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, trustSandboxCertificate } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { pairClient, sandboxLogger, waitUntil } from './helpers.ts'
import type { Client } from './helpers.ts'

const STATUS = 'status@broadcast'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}
beforeAll(() => trustSandboxCertificate())

async function setup() {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const bob = sandbox.api.createContact({ name: 'Bob' })
  const carol = sandbox.api.createContact({ name: 'Carol' })
  const client = track(await pairClient(sandbox, phone.pn))
  await client.waitFor('messaging-history.set')
  return { sandbox, phone, bob, carol, client }
}

describe('status broadcast (stories) with real Baileys', () => {
  it('records a text status decrypted, with its colour, font and audience', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const sent = await client.sock.sendMessage(
      STATUS,
      { text: 'my first status' },
      { backgroundColor: '#FF336699', font: 2, statusJidList: [bob.jid, carol.jid] },
    )
    const record = await sandbox.api.waitForSent({ phone: phone.pn, to: STATUS })
    expect(record).toMatchObject({
      id: sent!.key.id,
      to: STATUS,
      recipient: { kind: 'status' },
      type: 'text',
      text: 'my first status',
      status: 'server_ack',
      message: { extendedTextMessage: { text: 'my first status', backgroundArgb: 0xff336699, font: 'FB_SCRIPT' } },
    })
    expect(record.audience).toEqual([
      { jid: bob.jid, lidJid: bob.lidJid, kind: 'contact' },
      { jid: carol.jid, lidJid: carol.lidJid, kind: 'contact' },
    ])
    expect(record.decryptedBy.sort()).toEqual([`contact:${bob.pn}`, `contact:${carol.pn}`].sort())

    // a second status (same sender key, new iteration, SKDM sent again) to a smaller audience
    const second = await client.sock.sendMessage(STATUS, { text: 'only Bob' }, { statusJidList: [bob.jid] })
    const record2 = await sandbox.api.waitForSent({ id: second!.key.id! })
    expect(record2).toMatchObject({ text: 'only Bob', audience: [{ jid: bob.jid }], decryptedBy: [`contact:${bob.pn}`] })
    expect(sandbox.api.listSent({ to: STATUS }).map(r => r.id)).toEqual([sent!.key.id, second!.key.id])

    // over HTTP
    const response = await fetch(`${sandbox.adminUrl}/phones/${phone.pn}/sent?to=${encodeURIComponent(STATUS)}`)
    const listed = (await response.json()) as { id: string; audience: { jid: string }[] }[]
    expect(listed.map(r => [r.id, r.audience.map(a => a.jid)])).toEqual([
      [sent!.key.id, [bob.jid, carol.jid]],
      [second!.key.id, [bob.jid]],
    ])
  })

  it('records image and video statuses with caption, media downloadable', async () => {
    const { sandbox, phone, bob, client } = await setup()
    const image = randomBytes(20_000)
    const sentImage = await client.sock.sendMessage(STATUS, { image, mimetype: 'image/jpeg', caption: 'look' }, { statusJidList: [bob.jid] })
    const record = await sandbox.api.waitForSent({ phone: phone.pn, id: sentImage!.key.id! })
    expect(record).toMatchObject({ to: STATUS, type: 'media', text: 'look', message: { imageMessage: { caption: 'look', mimetype: 'image/jpeg' } } })
    expect((await sandbox.api.downloadMedia(record.id)).data.equals(image)).toBe(true)

    const video = randomBytes(30_000)
    const sentVideo = await client.sock.sendMessage(STATUS, { video, mimetype: 'video/mp4', caption: 'moving' }, { statusJidList: [bob.jid] })
    const videoRecord = await sandbox.api.waitForSent({ phone: phone.pn, id: sentVideo!.key.id! })
    expect(videoRecord).toMatchObject({ to: STATUS, text: 'moving', message: { videoMessage: { caption: 'moving', mimetype: 'video/mp4' } } })
    expect((await sandbox.api.downloadMedia(videoRecord.id)).data.equals(video)).toBe(true)
  })

  it('a status to another phone reaches its client; views come back as receipts', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const alice = sandbox.api.createPhone({ name: 'Alice' })
    const dave = sandbox.api.createPhone({ name: 'Dave' })
    const bob = sandbox.api.createContact({ name: 'Bob' })
    const aliceClient = track(await pairClient(sandbox, alice.pn))
    const daveClient = track(await pairClient(sandbox, dave.pn))
    await aliceClient.waitFor('messaging-history.set')
    await daveClient.waitFor('messaging-history.set')

    const sent = await aliceClient.sock.sendMessage(STATUS, { text: 'hello contacts' }, { statusJidList: [dave.jid, bob.jid] })
    const atDave = await daveClient.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent!.key.id))
    const message = atDave.messages[0]!
    expect(message.key).toMatchObject({ remoteJid: STATUS, fromMe: false })
    expect(message.key.participant).toBe(alice.lidJid)
    expect(message.message?.extendedTextMessage?.text).toBe('hello contacts')
    const record = await sandbox.api.waitForSent({ id: sent!.key.id! })
    expect(record.audience?.map(a => [a.jid, a.kind])).toEqual([
      [dave.jid, 'phone'],
      [bob.jid, 'contact'],
    ])

    await aliceClient.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent!.key.id))
    sandbox.api.sendReceipt({ messageId: sent!.key.id!, type: 'read', from: bob.pn })
    const receipt = await aliceClient.waitFor('message-receipt.update', e => e.some(r => r.key.id === sent!.key.id))
    expect(receipt[0]).toMatchObject({ key: { remoteJid: STATUS }, receipt: { userJid: bob.lidJid } })
    expect(sandbox.api.listSent({ id: sent!.key.id! })[0]?.status).toBe('read')

    // Dave's client views it: its read receipt reaches Alice's client
    await daveClient.sock.readMessages([message.key])
    await aliceClient.waitFor('message-receipt.update', e =>
      e.some(r => r.key.id === sent!.key.id && r.receipt.userJid === dave.lidJid && !!r.receipt.readTimestamp),
    )
  })

  it('a contact posts a status: the client gets it from status@broadcast', async () => {
    const { sandbox, phone, bob, client } = await setup()
    const posted = await sandbox.api.postStatus({ from: bob.pn, text: 'Bob’s story', backgroundColor: '#112233', font: 'SYSTEM_BOLD' })
    expect(posted.devices).toEqual({ [`${phone.pn}:1`]: 'sent' })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === posted.id))
    const message = upsert.messages[0]!
    expect(message.key).toMatchObject({ remoteJid: STATUS, participant: bob.lidJid, fromMe: false })
    expect(message.message?.extendedTextMessage).toMatchObject({ text: 'Bob’s story', backgroundArgb: 0xff112233, font: 6 })
    await waitUntil(() => sandbox.api.listReceived({ id: posted.id })[0]?.devices['1'] === 'delivered')
    expect(sandbox.api.listReceived({ id: posted.id })[0]).toMatchObject({ from: bob.pn, phone: phone.pn, chat: STATUS, text: 'Bob’s story' })

    // again (a fresh SKDM every time), then media
    const image = randomBytes(3_000)
    const again = await sandbox.api.postStatus({ from: bob.pn, media: { kind: 'image', data: image, mimetype: 'image/png', caption: 'pic' } })
    const upsert2 = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === again.id))
    expect(upsert2.messages[0]!.message?.imageMessage?.caption).toBe('pic')
    expect(Buffer.from(await downloadMediaMessage(upsert2.messages[0]!, 'buffer', {})).equals(image)).toBe(true)

    // over HTTP, to an explicit audience
    const response = await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'over http', backgroundColor: '#000000', to: [phone.pn] }),
    })
    expect(response.status).toBe(201)
    const { id } = (await response.json()) as { id: string }
    const upsert3 = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === id))
    expect(upsert3.messages[0]!.message?.extendedTextMessage).toMatchObject({ text: 'over http', backgroundArgb: 0xff000000 })
  })
})
