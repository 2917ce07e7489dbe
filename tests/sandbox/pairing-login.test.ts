import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DisconnectReason } from '@whiskeysockets/baileys'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { closeCode, connect, isClose, isOpen, memoryAuth, pairClient, sandboxLogger } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-sandbox-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('pairing and login with real Baileys', () => {
  it('pairs by QR, restarts (515) and logs in fast, with the history sync processed', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const phone = sandbox.api.createPhone({ name: 'Alice' })
    const contact = sandbox.api.createContact({ name: 'Bob' })
    const auth = memoryAuth()

    const pairing = track(connect(sandbox.wsUrl, auth))
    const { qr } = await pairing.waitFor('connection.update', u => !!u.qr)
    expect(qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/)
    const linked = await sandbox.api.scanQr(phone.pn, qr!)
    expect(linked).toMatchObject({ phone: phone.pn, deviceId: 1, jid: `${phone.pn}:1@s.whatsapp.net` })
    const restart = await pairing.waitFor('connection.update', isClose)
    expect(closeCode(restart)).toBe(DisconnectReason.restartRequired)
    expect(auth.state.creds.me?.id).toBe(`${phone.pn}:1@s.whatsapp.net`)
    expect(auth.state.creds.me?.lid).toBe(`${phone.lid}:1@lid`)

    const started = Date.now()
    const client = track(connect(sandbox.wsUrl, auth))
    await client.waitFor('connection.update', isOpen)
    // The history-sync notification was decrypted and processed: Baileys does not sit out its 20 s wait.
    const history = await client.waitFor('messaging-history.set')
    // Every login query was answered: Baileys stalls 20-60 s on any that is not. Generous bound (hang guard).
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(history.syncType).toBe(0) // INITIAL_BOOTSTRAP
    // ...and it carried the PN->LID map of the virtual users.
    const mapping = await auth.state.keys.get('lid-mapping', [contact.pn])
    expect(mapping[contact.pn]).toBe(contact.lid)
    // The account name came with the phone's first message.
    await client.waitFor('creds.update', update => update.me?.name === 'Alice')
    expect(client.updates.some(u => u.qr)).toBe(false)
    expect(sandbox.api.getPhone(phone.pn).devices).toMatchObject([{ id: 1, online: true }])
  })

  it('pairs by code: requestPairingCode, the code entered on the phone, then login', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const phone = sandbox.api.createPhone({ name: 'Alice' })
    const auth = memoryAuth()
    const pairing = track(connect(sandbox.wsUrl, auth))
    await pairing.waitFor('connection.update', u => !!u.qr) // registered, waiting to be linked
    const code = await pairing.sock.requestPairingCode(phone.pn)
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    await expect(sandbox.api.enterPairingCode(phone.pn, 'nope')).rejects.toThrow(/8 characters/)
    const linked = await sandbox.api.enterPairingCode(phone.pn, code)
    expect(linked).toMatchObject({ phone: phone.pn, deviceId: 1 })
    expect(closeCode(await pairing.waitFor('connection.update', isClose))).toBe(DisconnectReason.restartRequired)

    const client = track(connect(sandbox.wsUrl, auth))
    await client.waitFor('connection.update', isOpen)
    await client.waitFor('messaging-history.set')
    expect(sandbox.api.getPhone(phone.pn).devices).toMatchObject([{ id: 1, online: true }])
  })

  it('a restarted client logs in again with its saved credentials, without a QR', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const phone = sandbox.api.createPhone()
    const first = track(await pairClient(sandbox, phone.pn))
    await first.waitFor('messaging-history.set')
    await first.close()

    const saved = first.auth.clone() // as if read back from the gateway's storage
    const again = track(connect(sandbox.wsUrl, saved))
    await again.waitFor('connection.update', isOpen)
    expect(again.updates.some(u => u.qr)).toBe(false)
    expect(sandbox.api.getPhone(phone.pn).devices).toHaveLength(1)
  })

  it('a login with credentials the sandbox does not know ends logged out', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const phone = sandbox.api.createPhone()
    const auth = memoryAuth()
    auth.state.creds.me = { id: `${phone.pn}:7@s.whatsapp.net`, name: 'x' }
    const client = track(connect(sandbox.wsUrl, auth))
    const closed = await client.waitFor('connection.update', isClose)
    expect(closeCode(closed)).toBe(DisconnectReason.loggedOut)
  })

  it('after a sandbox restart (state from disk) the client logs in and messages decrypt both ways', async () => {
    const dataDir = tempDir()
    const first = await startSandbox({ dataDir, logger: sandboxLogger() })
    const phone = first.api.createPhone({ name: 'Alice' })
    const contact = first.api.createContact({ name: 'Bob' })
    const client = await pairClient(first, phone.pn)
    await client.waitFor('messaging-history.set')
    // establish the Signal sessions both ways before the restart
    await client.sock.sendMessage(contact.jid, { text: 'before restart' })
    await first.api.waitForSent({ phone: phone.pn, to: contact.pn })
    const inbound = await first.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'hello before' })
    await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === inbound.id))
    await client.close()
    await first.close()

    const second = track(await startSandbox({ dataDir, logger: sandboxLogger() }))
    expect(second.api.getPhone(phone.pn)).toMatchObject({ lid: phone.lid, devices: [{ id: 1 }] })
    const again = track(connect(second.wsUrl, client.auth.clone()))
    await again.waitFor('connection.update', isOpen)
    expect(again.updates.some(u => u.qr)).toBe(false)

    const since = second.api.cursor()
    const sent = await again.sock.sendMessage(contact.jid, { text: 'after restart' })
    const record = await second.api.waitForSent({ phone: phone.pn, since })
    expect(record).toMatchObject({ id: sent!.key.id, text: 'after restart', recipient: { pn: contact.pn, kind: 'contact' } })

    const reply = await second.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'hello after' })
    const upsert = await again.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === reply.id))
    expect(upsert.messages[0]?.message?.conversation).toBe('hello after')
  })
})
