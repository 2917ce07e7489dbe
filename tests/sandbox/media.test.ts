import { randomBytes } from 'node:crypto'
import { downloadMediaMessage } from '@whiskeysockets/baileys'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, trustSandboxCertificate } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { pairClient, sandboxLogger } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}
// Baileys reaches media hosts over https only: trust the sandbox's bundled certificate.
beforeAll(() => trustSandboxCertificate())

async function setup() {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const contact = sandbox.api.createContact({ name: 'Bob' })
  const client = track(await pairClient(sandbox, phone.pn))
  await client.waitFor('messaging-history.set')
  return { sandbox, phone, contact, client }
}

describe('media with real Baileys', () => {
  it('the client uploads an image (media_conn + https upload); the sandbox decrypts exactly those bytes', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const image = randomBytes(50_000)
    const sent = await client.sock.sendMessage(contact.jid, { image, mimetype: 'image/jpeg', caption: 'a picture' })
    const record = await sandbox.api.waitForSent({ phone: phone.pn, id: sent!.key.id! })
    expect(record).toMatchObject({ type: 'media', text: 'a picture', message: { imageMessage: { mimetype: 'image/jpeg', caption: 'a picture' } } })
    const media = await sandbox.api.downloadMedia(record.id)
    expect(media.mimetype).toBe('image/jpeg')
    expect(media.data.equals(image)).toBe(true)

    // also over HTTP
    const response = await fetch(`${sandbox.adminUrl}/messages/${record.id}/media`)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true)
  })

  it('a contact sends a document; the client downloads and decrypts it from the sandbox', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const file = randomBytes(123_457)
    const sent = await sandbox.api.sendMessage({
      from: contact.pn,
      to: phone.pn,
      media: { kind: 'document', data: file, mimetype: 'application/pdf', fileName: 'report.pdf', caption: 'the report' },
    })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent.id))
    const message = upsert.messages[0]!
    expect(message.message?.documentMessage).toMatchObject({ fileName: 'report.pdf', mimetype: 'application/pdf', caption: 'the report' })
    const downloaded = await downloadMediaMessage(message, 'buffer', {})
    expect(Buffer.from(downloaded).equals(file)).toBe(true)
  })

  it('media sent over HTTP as base64 (image with caption) reaches the client', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const image = randomBytes(2_000)
    const response = await fetch(`${sandbox.adminUrl}/contacts/${contact.pn}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: phone.pn, media: { kind: 'image', data: image.toString('base64'), mimetype: 'image/png', caption: 'hi' } }),
    })
    expect(response.status).toBe(201)
    const { id } = (await response.json()) as { id: string }
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === id))
    expect(upsert.messages[0]!.message?.imageMessage?.caption).toBe('hi')
    expect(Buffer.from(await downloadMediaMessage(upsert.messages[0]!, 'buffer', {})).equals(image)).toBe(true)
  })
})
