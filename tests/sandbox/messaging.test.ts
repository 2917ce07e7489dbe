import { proto } from '@whiskeysockets/baileys'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { connect, isOpen, pairClient, sandboxLogger, waitUntil } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}

async function setup() {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const contact = sandbox.api.createContact({ name: 'Bob' })
  const client = track(await pairClient(sandbox, phone.pn))
  await client.waitFor('messaging-history.set')
  return { sandbox, phone, contact, client }
}

describe('messaging with real Baileys', () => {
  it('records exactly what the client sent, for that recipient, decrypted', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const sent = await client.sock.sendMessage(contact.jid, { text: 'hello Bob 👋' })
    const record = await sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid })
    expect(record).toMatchObject({
      id: sent!.key.id,
      phone: phone.pn,
      device: 1,
      to: contact.jid,
      recipient: { pn: contact.pn, lid: contact.lid, kind: 'contact' },
      type: 'text',
      text: 'hello Bob 👋',
      status: 'server_ack',
    })
    expect(record.message).toMatchObject({ extendedTextMessage: { text: 'hello Bob 👋' } })
    // the contact decrypted its copy and the phone its deviceSentMessage copy
    expect(record.decryptedBy).toEqual(expect.arrayContaining([`contact:${contact.pn}`, `phone:${phone.pn}`]))

    // the next messages ride the established session (msg, not pkmsg) and still decrypt
    const since = sandbox.api.cursor()
    await client.sock.sendMessage(contact.jid, { text: 'second' })
    await client.sock.sendMessage(contact.jid, { text: 'third' })
    await waitUntil(() => sandbox.api.listSent({ phone: phone.pn, since }).length === 2)
    expect(sandbox.api.listSent({ phone: phone.pn, since }).map(r => r.text)).toEqual(['second', 'third'])
  })

  it('shows a contact typing, then online, to the client (presence.update)', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const updates: { id: string; presences: Record<string, { lastKnownPresence: string }> }[] = []
    client.sock.ev.on('presence.update', update => updates.push(update))
    expect(sandbox.api.sendPresence({ from: contact.pn, to: phone.pn, type: 'composing' })).toBe(1)
    sandbox.api.sendPresence({ from: contact.pn, to: phone.pn, type: 'available' })
    await waitUntil(() => updates.length === 2, 5_000, 'two presence updates')
    expect(updates.map(u => [u.id, u.presences[contact.jid]?.lastKnownPresence])).toEqual([
      [contact.jid, 'composing'],
      [contact.jid, 'available'],
    ])
  })

  it('answers onWhatsApp for virtual users and not for unknown numbers', async () => {
    const { contact, client } = await setup()
    expect(await client.sock.onWhatsApp(contact.pn, '19998887777')).toEqual([{ jid: contact.jid, exists: true }])
  })

  it('app-state patches (pin, archive...) are accepted: the phone shared its app-state key', async () => {
    const { contact, client } = await setup()
    await client.waitFor('creds.update', update => !!update.myAppStateKeyId)
    await client.sock.chatModify({ pin: true }, contact.jid)
    await client.sock.chatModify({ pin: false }, contact.jid)
  })

  it('also records sends addressed to the LID and non-text content', async () => {
    const { sandbox, phone, contact, client } = await setup()
    await client.sock.sendMessage(contact.lidJid, { text: 'to your lid' })
    const toLid = await sandbox.api.waitForSent({ phone: phone.pn, to: contact.lidJid })
    expect(toLid).toMatchObject({ to: contact.lidJid, text: 'to your lid', recipient: { pn: contact.pn } })

    const since = sandbox.api.cursor()
    await client.sock.sendMessage(contact.jid, { location: { degreesLatitude: 48.85, degreesLongitude: 2.35 } })
    const location = await sandbox.api.waitForSent({ phone: phone.pn, since })
    expect(location.message).toMatchObject({ locationMessage: { degreesLatitude: 48.85, degreesLongitude: 2.35 } })
  })

  it('delivers a contact message: messages.upsert notify with the text, from the contact', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const first = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'hi Alice' })
    expect(first.devices).toEqual({ '1': 'sent' })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === first.id))
    expect(upsert.type).toBe('notify')
    const message = upsert.messages[0]!
    // As WhatsApp does today: from the LID, the phone number attached.
    expect(message.key).toMatchObject({ remoteJid: contact.lidJid, remoteJidAlt: contact.jid, fromMe: false, id: first.id })
    expect(message.message?.conversation).toBe('hi Alice')
    expect(message.pushName).toBe('Bob')

    // second message: a `msg` on the session the first one (`pkmsg`) started
    const second = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'are you there?' })
    const upsert2 = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === second.id))
    expect(upsert2.messages[0]?.message?.conversation).toBe('are you there?')

    // the client acknowledged delivery to the sandbox
    const received = await sandbox.api.waitForReceived({ id: second.id, until: r => r.devices['1'] === 'delivered' })
    expect(received).toMatchObject({ from: contact.pn, phone: phone.pn, text: 'are you there?' })

    // reading it on the client reaches the sandbox as a read receipt
    await client.sock.readMessages([upsert2.messages[0]!.key])
    await sandbox.api.waitForReceived({ id: second.id, until: r => r.devices['1'] === 'read' })

    // a reply from the client after receiving goes back on the same session
    await client.sock.sendMessage(contact.jid, { text: 'yes!' })
    expect((await sandbox.api.waitForSent({ phone: phone.pn, to: contact.pn })).text).toBe('yes!')
  })

  it('addresses a message from the LID with the number, from the PN, or from the LID alone; any proto.Message content', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const upsertOf = async (id: string) => (await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === id))).messages.find(m => m.key.id === id)!
    const sent = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'from my lid', addressing: 'lid' })
    const fromLid = await upsertOf(sent.id)
    expect(fromLid.key).toMatchObject({ remoteJid: contact.lidJid, remoteJidAlt: contact.jid })
    expect(fromLid.message?.conversation).toBe('from my lid')
    const fromPn = await upsertOf((await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'from my number', addressing: 'pn' })).id)
    expect(fromPn.key).toMatchObject({ remoteJid: contact.jid, remoteJidAlt: contact.lidJid })
    const withheld = await upsertOf((await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'number withheld', addressing: 'lid-only' })).id)
    expect(withheld.key.remoteJid).toBe(contact.lidJid)
    expect(withheld.key.remoteJidAlt).toBeUndefined()
    expect(withheld.message?.conversation).toBe('number withheld')

    const location = await sandbox.api.sendMessage({
      from: contact.pn,
      to: phone.pn,
      message: { locationMessage: { degreesLatitude: 52.52, degreesLongitude: 13.4, name: 'Berlin' } },
    })
    const upsert2 = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === location.id))
    expect(proto.Message.create(upsert2.messages[0]!.message!).locationMessage).toMatchObject({ degreesLatitude: 52.52, name: 'Berlin' })
  })

  it('a client that lost its Signal session asks for a retry and gets the message on a fresh session', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const first = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'first' })
    await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === first.id))
    // the client forgets its session with the contact (as after restoring stale keys)
    await client.auth.state.keys.set({ session: { [`${contact.lid}_1.0`]: null } })
    const second = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'after the retry' })
    const upsert = await client.waitFor('messages.upsert', e =>
      e.messages.some(m => m.key.id === second.id && m.message?.conversation === 'after the retry'),
    )
    expect(upsert.messages.find(m => m.key.id === second.id)?.key.remoteJid).toBe(contact.lidJid)
  })

  it('queues messages for an offline client and replays them at its next login', async () => {
    const { sandbox, phone, contact, client } = await setup()
    await client.close()
    await waitUntil(() => !sandbox.api.getPhone(phone.pn).devices[0]!.online, 5_000, 'the device to go offline')
    const sent = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'while you were away' })
    expect(sent.devices).toEqual({ '1': 'queued' })
    const again = track(connect(sandbox.wsUrl, client.auth))
    await again.waitFor('connection.update', isOpen)
    const upsert = await again.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent.id))
    expect(upsert.messages[0]?.message?.conversation).toBe('while you were away')
    // WhatsApp marks stanzas stored while offline: Baileys reports them as 'append'
    expect(upsert.type).toBe('append')
  })

  it('delivery then read receipts reach the sender as messages.update 3 then 4', async () => {
    const { sandbox, phone, contact, client } = await setup()
    const sent = await client.sock.sendMessage(contact.jid, { text: 'did you read this?' })
    const record = await sandbox.api.waitForSent({ phone: phone.pn, id: sent!.key.id! })
    // Baileys folds a receipt that arrives within ~100 ms of the send into its own buffered upsert;
    // real receipts come later: wait for the client to have emitted its own message first.
    await client.waitFor('messages.upsert', e => e.type === 'append' && e.messages.some(m => m.key.id === record.id))
    sandbox.api.sendReceipt({ messageId: record.id, type: 'delivery' })
    const delivered = await client.waitFor('messages.update', e => e.some(u => u.key.id === record.id && u.update.status === 3))
    expect(delivered.find(u => u.key.id === record.id)?.key).toMatchObject({ remoteJid: contact.jid, fromMe: true })
    expect(sandbox.api.listSent({ id: record.id })[0]?.status).toBe('delivered')
    sandbox.api.sendReceipt({ messageId: record.id, type: 'read' })
    await client.waitFor('messages.update', e => e.some(u => u.key.id === record.id && u.update.status === 4))
    expect(sandbox.api.listSent({ id: record.id })[0]?.status).toBe('read')
    const statuses = client.events('messages.update').flat().filter(u => u.key.id === record.id).map(u => u.update.status)
    expect(statuses.filter(s => s === 3 || s === 4)).toEqual([3, 4])
  })

  it('two phones talk through their linked clients', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const alice = sandbox.api.createPhone({ name: 'Alice' })
    const carol = sandbox.api.createPhone({ name: 'Carol' })
    const aliceClient = track(await pairClient(sandbox, alice.pn))
    const carolClient = track(await pairClient(sandbox, carol.pn))
    await aliceClient.waitFor('messaging-history.set')
    await carolClient.waitFor('messaging-history.set')
    const sent = await aliceClient.sock.sendMessage(carol.jid, { text: 'hi Carol, from Alice' })
    const upsert = await carolClient.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent!.key.id))
    expect(upsert.messages[0]?.message?.extendedTextMessage?.text ?? upsert.messages[0]?.message?.conversation).toBe('hi Carol, from Alice')
    expect(upsert.messages[0]?.key.remoteJid).toBe(alice.jid)
    const record = await sandbox.api.waitForSent({ phone: alice.pn, id: sent!.key.id! })
    expect(record.recipient).toMatchObject({ pn: carol.pn, kind: 'phone' })

    // Carol's client reads it: the receipt reaches Alice's client and the record (once Alice's
    // client has emitted its own message: see "Baileys' event buffer" in the README)
    await aliceClient.waitFor('messages.upsert', e => e.type === 'append' && e.messages.some(m => m.key.id === sent!.key.id))
    await carolClient.sock.readMessages([upsert.messages[0]!.key])
    const read = await aliceClient.waitFor('messages.update', e => e.some(u => u.key.id === sent!.key.id && u.update.status === 4))
    expect(read.find(u => u.key.id === sent!.key.id)?.key).toMatchObject({ remoteJid: carol.jid, fromMe: true })
    await waitUntil(() => sandbox.api.listSent({ id: sent!.key.id! })[0]?.status === 'read')

    // Carol links a second client: Alice's client is told, and her next message reaches both
    const carolSecond = track(await pairClient(sandbox, carol.pn))
    await carolSecond.waitFor('messaging-history.set')
    const next = await aliceClient.sock.sendMessage(carol.jid, { text: 'to all your devices' })
    for (const device of [carolClient, carolSecond]) {
      const got = await device.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === next!.key.id))
      expect(got.messages[0]?.message?.extendedTextMessage?.text ?? got.messages[0]?.message?.conversation).toBe('to all your devices')
    }
  })
})
