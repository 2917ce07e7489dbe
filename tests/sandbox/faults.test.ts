import { DisconnectReason, WAMessageStatus } from '@whiskeysockets/baileys'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { closeCode, connect, isClose, isOpen, pairClient, sandboxLogger, waitUntil } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}

async function setup(config: Parameters<typeof pairClient>[2] = {}) {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const contact = sandbox.api.createContact({ name: 'Bob' })
  const client = track(await pairClient(sandbox, phone.pn, config))
  await client.waitFor('messaging-history.set')
  return { sandbox, phone, contact, client }
}

describe('fault injection with real Baileys', () => {
  it('drop socket: the client sees connectionClosed, reconnects, and messaging still works', async () => {
    const { sandbox, phone, contact, client } = await setup()
    expect(sandbox.api.faults.dropSocket({ phone: phone.pn })).toBe(1)
    const closed = await client.waitFor('connection.update', isClose)
    expect(closeCode(closed)).toBe(DisconnectReason.connectionClosed)

    const again = track(connect(sandbox.wsUrl, client.auth))
    await again.waitFor('connection.update', isOpen)
    expect(again.updates.some(u => u.qr)).toBe(false)
    const sent = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'still here?' })
    const upsert = await again.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent.id))
    expect(upsert.messages[0]?.message?.conversation).toBe('still here?')
  })

  it('silent socket: no pong, the client gives up after its keepalive timeout (connectionLost)', async () => {
    const { sandbox, phone, client } = await setup({ keepAliveIntervalMs: 1_000 })
    expect(sandbox.api.faults.silence({ phone: phone.pn })).toBe(1)
    // Baileys closes when nothing arrived for keepAliveIntervalMs + 5 s
    const closed = await client.waitFor('connection.update', isClose, 20_000)
    expect(closeCode(closed)).toBe(DisconnectReason.connectionLost)
    // the fault applies to that connection only: a reconnect is served normally
    const again = track(connect(sandbox.wsUrl, client.auth, { keepAliveIntervalMs: 1_000 }))
    await again.waitFor('connection.update', isOpen)
  }, 30_000)

  it('logout (server-side unlink): the client ends loggedOut and its credentials stop working', async () => {
    const { sandbox, phone, client } = await setup()
    expect(sandbox.api.faults.logout({ phone: phone.pn })).toBe(1)
    const closed = await client.waitFor('connection.update', isClose)
    expect(closeCode(closed)).toBe(DisconnectReason.loggedOut)
    expect(sandbox.api.getPhone(phone.pn).devices).toEqual([])

    const again = track(connect(sandbox.wsUrl, client.auth))
    const refused = await again.waitFor('connection.update', isClose)
    expect(closeCode(refused)).toBe(DisconnectReason.loggedOut)
  })

  it('the client logging itself out unlinks the device', async () => {
    const { sandbox, phone, client } = await setup()
    await client.sock.logout()
    expect(closeCode(await client.waitFor('connection.update', isClose))).toBe(DisconnectReason.loggedOut)
    await waitUntil(() => sandbox.api.getPhone(phone.pn).devices.length === 0, 5_000, 'the device to be unlinked')
  })

  it('rejected send: the error ack marks the message ERROR on the client, the next one goes through', async () => {
    const { sandbox, phone, contact, client } = await setup()
    sandbox.api.faults.rejectNextSend({ phone: phone.pn, code: '479' })
    const rejected = await client.sock.sendMessage(contact.jid, { text: 'this one fails' })
    const id = rejected!.key.id!
    // An immediate error ack lands in Baileys' own buffered upsert or in a messages.update.
    await waitUntil(() => clientStatus(client, id) === WAMessageStatus.ERROR, 10_000, 'status ERROR on the client')
    expect(sandbox.api.listSent({ id })[0]).toMatchObject({ status: 'rejected', error: '479', text: 'this one fails' })
    expect(() => sandbox.api.sendReceipt({ messageId: id, type: 'delivery' })).toThrow(/rejected/)

    const ok = await client.sock.sendMessage(contact.jid, { text: 'this one works' })
    expect((await sandbox.api.waitForSent({ id: ok!.key.id! })).status).toBe('server_ack')
  })

  it('rejected send with a held-back ack: messages.update status ERROR with the error code', async () => {
    const { sandbox, phone, contact, client } = await setup()
    sandbox.api.faults.rejectNextSend({ phone: phone.pn, code: '479', delayMs: 300 })
    const rejected = await client.sock.sendMessage(contact.jid, { text: 'this one fails' })
    const update = await client.waitFor('messages.update', e =>
      e.some(u => u.key.id === rejected!.key.id && u.update.status === WAMessageStatus.ERROR),
    )
    expect(update.find(u => u.key.id === rejected!.key.id)?.update.messageStubParameters).toEqual(['479'])
  })

  it('a second connection of the same device replaces the first (connectionReplaced)', async () => {
    const { sandbox, client } = await setup()
    const second = track(connect(sandbox.wsUrl, client.auth.clone()))
    await second.waitFor('connection.update', isOpen)
    const closed = await client.waitFor('connection.update', isClose)
    expect(closeCode(closed)).toBe(DisconnectReason.connectionReplaced)
  })
})

/** The latest status the client reported for one of its messages (own upserts, then updates). */
function clientStatus(client: Client, id: string): number | null | undefined {
  let status: number | null | undefined
  for (const upsert of client.events('messages.upsert')) {
    for (const message of upsert.messages) if (message.key.id === id && message.status != null) status = message.status
  }
  for (const updates of client.events('messages.update')) {
    for (const { key, update } of updates) if (key.id === id && update.status != null) status = update.status
  }
  return status
}
