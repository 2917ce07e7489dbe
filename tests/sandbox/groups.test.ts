import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, trustSandboxCertificate } from '../../src/sandbox/index.ts'
import type { SandboxHandle } from '../../src/sandbox/index.ts'
import { pairClient, sandboxLogger, waitUntil } from './helpers.ts'
import type { Client } from './helpers.ts'

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

const textOf = (m: { message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null }) =>
  m.message?.conversation ?? m.message?.extendedTextMessage?.text

describe('groups with real Baileys', () => {
  it('the client creates a group, reads its metadata, sends to it (sender keys) and the members decrypt', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const created = await client.sock.groupCreate('Project X', [bob.jid, carol.jid])
    expect(created).toMatchObject({ subject: 'Project X', owner: phone.lidJid, ownerPn: phone.jid, addressingMode: 'lid' })
    expect(created.participants.map(p => p.phoneNumber).sort()).toEqual([phone.jid, bob.jid, carol.jid].sort())
    expect(sandbox.api.getGroup(created.id)).toMatchObject({ subject: 'Project X', creator: phone.pn })

    const metadata = await client.sock.groupMetadata(created.id)
    expect(metadata).toMatchObject({ id: created.id, subject: 'Project X', size: 3 })
    expect(Object.keys(await client.sock.groupFetchAllParticipating())).toEqual([created.id])

    const first = await client.sock.sendMessage(created.id, { text: 'hello group' })
    const record = await sandbox.api.waitForSent({ phone: phone.pn, id: first!.key.id! })
    expect(record).toMatchObject({ to: created.id, recipient: { kind: 'group', group: created.id }, text: 'hello group' })
    expect(record.decryptedBy).toEqual(expect.arrayContaining([`contact:${bob.pn}`, `contact:${carol.pn}`]))

    // the second message carries no new sender keys: only the skmsg, still readable
    const second = await client.sock.sendMessage(created.id, { text: 'second in group' })
    expect((await sandbox.api.waitForSent({ id: second!.key.id! })).text).toBe('second in group')

    await client.waitFor('messages.upsert', e => e.type === 'append' && e.messages.some(m => m.key.id === second!.key.id))
    sandbox.api.sendReceipt({ messageId: second!.key.id!, type: 'read', from: bob.pn })
    const receipt = await client.waitFor('message-receipt.update', e => e.some(r => r.key.id === second!.key.id))
    expect(receipt[0]?.receipt.userJid).toBe(bob.lidJid)
  })

  it('a contact speaks in the group: the client decrypts with the contact sender key', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const group = await client.sock.groupCreate('Chat', [bob.jid, carol.jid])
    const sent = await sandbox.api.sendMessage({ from: bob.pn, to: group.id, text: 'hi all, Bob here' })
    expect(sent.devices).toEqual({ [`${phone.pn}:1`]: 'sent' })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === sent.id))
    const message = upsert.messages[0]!
    expect(upsert.type).toBe('notify')
    expect(message.key).toMatchObject({ remoteJid: group.id, participant: bob.lidJid, participantAlt: bob.jid, fromMe: false })
    expect(textOf(message)).toBe('hi all, Bob here')

    const again = await sandbox.api.sendMessage({ from: carol.pn, to: group.id, text: 'Carol too' })
    const again2 = await sandbox.api.sendMessage({ from: bob.pn, to: group.id, text: 'Bob again' })
    await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === again.id && textOf(m) === 'Carol too'))
    await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === again2.id && textOf(m) === 'Bob again'))
    await waitUntil(() => sandbox.api.listReceived({ id: again2.id })[0]?.devices['1'] === 'delivered')
  })

  it('a group created by a contact reaches the client (groups.upsert), and member changes too', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const group = sandbox.api.createGroup({ creator: bob.pn, subject: 'Made by Bob', participants: [phone.pn] })
    const upsert = await client.waitFor('groups.upsert', e => e.some(g => g.id === group.jid))
    expect(upsert[0]).toMatchObject({ subject: 'Made by Bob', author: bob.lidJid })

    sandbox.api.updateGroupParticipants({ group: group.id, actor: bob.pn, action: 'add', participants: [carol.pn] })
    const update = await client.waitFor('group-participants.update', e => e.id === group.jid && e.action === 'add')
    expect(update.participants.map(p => p.phoneNumber ?? p.id)).toEqual([carol.jid])
    expect((await client.sock.groupMetadata(group.jid)).participants).toHaveLength(3)
  })
})

describe('groups a phone belongs to', () => {
  it('groupCreate shows in api.listGroups; groupFetchAllParticipating answers exactly the phone’s groups', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const created = await client.sock.groupCreate('Made by the client', [bob.jid])
    const byBob = sandbox.api.createGroup({ creator: bob.pn, subject: 'Made by Bob', participants: [phone.pn, carol.pn] })
    const without = sandbox.api.createGroup({ creator: bob.pn, subject: 'Bob and Carol only', participants: [carol.pn] })

    const listed = sandbox.api.listGroups()
    expect(listed.map(g => g.jid).sort()).toEqual([created.id, byBob.jid, without.jid].sort())
    expect(listed.find(g => g.jid === created.id)).toMatchObject({
      subject: 'Made by the client',
      creator: phone.pn,
      participants: expect.arrayContaining([
        expect.objectContaining({ pn: phone.pn, admin: 'superadmin', kind: 'phone' }),
        expect.objectContaining({ pn: bob.pn, kind: 'contact' }),
      ]),
    })

    const participating = await client.sock.groupFetchAllParticipating()
    expect(Object.keys(participating).sort()).toEqual([created.id, byBob.jid].sort())
    expect(participating[byBob.jid]).toMatchObject({ subject: 'Made by Bob', owner: bob.lidJid, size: 3 })
    expect(participating[byBob.jid]!.participants.map(p => p.phoneNumber).sort()).toEqual([phone.jid, bob.jid, carol.jid].sort())
    expect(participating[created.id]!.participants.find(p => p.phoneNumber === phone.jid)?.admin).toBe('superadmin')

    // after leaving, the group is no longer the phone's
    await client.sock.groupLeave(byBob.jid)
    expect(Object.keys(await client.sock.groupFetchAllParticipating())).toEqual([created.id])
    expect(sandbox.api.getGroup(byBob.jid).participants.map(p => p.pn).sort()).toEqual([bob.pn, carol.pn].sort())
  })

  it('media, replies and reactions in a group are recorded decoded', async () => {
    const { sandbox, phone, bob, carol, client } = await setup()
    const group = await client.sock.groupCreate('Kinds', [bob.jid, carol.jid])
    const fromBob = await sandbox.api.sendMessage({ from: bob.pn, to: group.id, text: 'hello from Bob' })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === fromBob.id))
    const original = upsert.messages.find(m => m.key.id === fromBob.id)!

    const image = Buffer.from('not really a jpeg, but bytes all the same')
    const sentImage = await client.sock.sendMessage(group.id, { image, mimetype: 'image/jpeg', caption: 'for the group' })
    const imageRecord = await sandbox.api.waitForSent({ phone: phone.pn, id: sentImage!.key.id! })
    expect(imageRecord).toMatchObject({ to: group.id, type: 'media', text: 'for the group', message: { imageMessage: { caption: 'for the group' } } })
    expect((await sandbox.api.downloadMedia(imageRecord.id)).data.equals(image)).toBe(true)

    const reply = await client.sock.sendMessage(group.id, { text: 'hi Bob' }, { quoted: original })
    const replyRecord = await sandbox.api.waitForSent({ id: reply!.key.id! })
    expect(replyRecord.message).toMatchObject({
      extendedTextMessage: { text: 'hi Bob', contextInfo: { stanzaId: fromBob.id, participant: bob.lidJid, quotedMessage: { conversation: 'hello from Bob' } } },
    })

    const reaction = await client.sock.sendMessage(group.id, { react: { text: '🎉', key: original.key } })
    const reactionRecord = await sandbox.api.waitForSent({ id: reaction!.key.id! })
    expect(reactionRecord).toMatchObject({ type: 'reaction', message: { reactionMessage: { text: '🎉', key: { id: fromBob.id, remoteJid: group.id } } } })
  })
})

describe('groups between two linked clients', () => {
  it('each client decrypts the other one’s group messages (sender keys relayed by the server)', async () => {
    const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
    const alice = sandbox.api.createPhone({ name: 'Alice' })
    const dave = sandbox.api.createPhone({ name: 'Dave' })
    const bob = sandbox.api.createContact({ name: 'Bob' })
    const aliceClient = track(await pairClient(sandbox, alice.pn))
    const daveClient = track(await pairClient(sandbox, dave.pn))
    await aliceClient.waitFor('messaging-history.set')
    await daveClient.waitFor('messaging-history.set')

    const group = await aliceClient.sock.groupCreate('Two clients', [dave.jid, bob.jid])
    await daveClient.waitFor('groups.upsert', e => e.some(g => g.id === group.id))
    const fromAlice = await aliceClient.sock.sendMessage(group.id, { text: 'hi Dave' })
    const atDave = await daveClient.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === fromAlice!.key.id))
    expect(textOf(atDave.messages[0]!)).toBe('hi Dave')
    expect(atDave.messages[0]!.key).toMatchObject({ remoteJid: group.id, participantAlt: `${alice.pn}:1@s.whatsapp.net` })

    const fromDave = await daveClient.sock.sendMessage(group.id, { text: 'hi Alice' })
    const atAlice = await aliceClient.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === fromDave!.key.id))
    expect(textOf(atAlice.messages[0]!)).toBe('hi Alice')
    // Bob (virtual) read both
    expect((await sandbox.api.waitForSent({ id: fromDave!.key.id! })).decryptedBy).toContain(`contact:${bob.pn}`)
  })
})
