import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { connect, isClose, isOpen, memoryAuth, sandboxLogger } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}

async function http(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as any }
}

describe('admin HTTP API', () => {
  it('answers 4xx with { error } for bad input', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const api = (method: string, path: string, body?: unknown) => http(sandbox.adminUrl, method, path, body)
    expect(await api('POST', '/phones', { pn: 'abc' })).toEqual({ status: 400, body: { error: 'pn must be 5 to 20 digits' } })
    await api('POST', '/phones', { pn: '15550001111' })
    expect((await api('POST', '/phones', { pn: '15550001111' })).status).toBe(409)
    expect(await api('GET', '/phones/123456')).toEqual({ status: 404, body: { error: 'no phone 123456' } })
    expect((await api('POST', '/phones/15550001111/scan', {})).body).toEqual({ error: 'qr is required' })
    expect((await api('POST', '/phones/15550001111/scan', { qr: 'nonsense' })).status).toBe(400)
    const unknownQr = 'https://wa.me/settings/linked_devices#2@x,' + [1, 2, 3].map(() => Buffer.alloc(32).toString('base64')).join(',') + ',1'
    expect((await api('POST', '/phones/15550001111/scan', { qr: unknownQr })).status).toBe(404)
    const raw = await fetch(`${sandbox.adminUrl}/contacts`, { method: 'POST', body: '{nope' })
    expect(raw.status).toBe(400)
    expect(await raw.json()).toEqual({ error: 'body is not valid JSON' })
    await api('POST', '/contacts', { pn: '15550002222', name: 'Bob' })
    expect((await api('POST', '/contacts/15550002222/messages', { to: '15550001111' })).status).toBe(400)
    expect((await api('POST', '/contacts/15550002222/messages', { to: '15550001111', text: 'hi' })).body).toEqual({
      error: 'phone 15550001111 has no linked device to receive the message',
    })
    expect((await api('POST', '/messages/NOPE/receipts', { type: 'read' })).status).toBe(404)
    expect((await api('POST', '/phones/15550001111/faults/reject-next-send', { code: 'x' })).status).toBe(400)
    expect((await api('GET', '/nowhere')).status).toBe(404)
  })

  it('drives a full exchange over HTTP: phone, contact, QR scan, messages both ways, receipts, long-poll', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger(), adminPort: 0 }))
    expect(sandbox.adminUrl).not.toContain(`:${sandbox.port}/`) // its own port
    const api = (method: string, path: string, body?: unknown) => http(sandbox.adminUrl, method, path, body)

    const phone = (await api('POST', '/phones', { name: 'Alice' })).body
    expect(phone).toMatchObject({ name: 'Alice', jid: `${phone.pn}@s.whatsapp.net`, lidJid: `${phone.lid}@lid`, devices: [] })
    const contact = (await api('POST', '/contacts', { name: 'Bob' })).body
    expect((await api('GET', '/contacts')).body).toEqual([contact])

    const auth = memoryAuth()
    const pairing = track(connect(sandbox.wsUrl, auth))
    const { qr } = await pairing.waitFor('connection.update', u => !!u.qr)
    const scanned = await api('POST', `/phones/${phone.pn}/scan`, { qr })
    expect(scanned).toMatchObject({ status: 200, body: { phone: phone.pn, deviceId: 1 } })
    await pairing.waitFor('connection.update', isClose)
    const client = track(connect(sandbox.wsUrl, auth))
    await client.waitFor('connection.update', isOpen)
    await client.waitFor('messaging-history.set')

    // long-poll: the request waits until the client sends
    const cursor = (await api('GET', '/health')).body.cursor
    const poll = api('GET', `/phones/${phone.pn}/sent?to=${contact.pn}&since=${cursor}&wait=10000`)
    const sent = await client.sock.sendMessage(contact.jid, { text: 'over http' })
    const polled = await poll
    expect(polled.status).toBe(200)
    expect(polled.body).toMatchObject([{ id: sent!.key.id, text: 'over http', to: contact.jid }])
    // an empty wait returns [] once the wait is over
    expect((await api('GET', `/phones/${phone.pn}/sent?since=${polled.body[0].seq}&wait=50`)).body).toEqual([])

    const inbound = await api('POST', `/contacts/${contact.pn}/messages`, { to: phone.pn, text: 'hello over http' })
    expect(inbound).toMatchObject({ status: 201, body: { devices: { '1': 'sent' } } })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === inbound.body.id))
    expect(upsert.messages[0]?.message?.conversation).toBe('hello over http')
    const proto = await api('POST', `/contacts/${contact.pn}/messages`, {
      to: phone.pn,
      message: { extendedTextMessage: { text: 'proto form' } },
    })
    const upsert2 = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === proto.body.id))
    expect(upsert2.messages[0]?.message?.extendedTextMessage?.text).toBe('proto form')
    const received = (await api('GET', `/phones/${phone.pn}/received?from=${contact.pn}`)).body
    expect(received.map((r: { text: string }) => r.text)).toEqual(['hello over http', 'proto form'])

    await client.waitFor('messages.upsert', e => e.type === 'append' && e.messages.some(m => m.key.id === sent!.key.id))
    expect((await api('POST', `/messages/${sent!.key.id}/receipts`, { type: 'read' })).body).toMatchObject({ status: 'read' })
    await client.waitFor('messages.update', e => e.some(u => u.key.id === sent!.key.id && u.update.status === 4))

    expect((await api('GET', '/connections')).body).toEqual([expect.objectContaining({ phone: phone.pn, deviceId: 1, state: 'logged-in' })])
    expect((await api('POST', `/phones/${phone.pn}/faults/drop-socket`, {})).body).toEqual({ affected: 1 })
    await client.waitFor('connection.update', isClose)
  })
})
