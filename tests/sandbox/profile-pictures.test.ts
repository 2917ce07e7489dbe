import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
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
// pictures are served over https, like WhatsApp's pps host
beforeAll(() => trustSandboxCertificate())

const picture = (r: number, g: number, b: number) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g, b } } }).jpeg().toBuffer()

async function download(url: string) {
  const response = await fetch(url)
  return { status: response.status, type: response.headers.get('content-type'), data: Buffer.from(await response.arrayBuffer()) }
}

async function setup() {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const bob = sandbox.api.createContact({ name: 'Bob' })
  const client = track(await pairClient(sandbox, phone.pn))
  await client.waitFor('messaging-history.set')
  return { sandbox, phone, bob, client }
}

describe('profile pictures with real Baileys', () => {
  it('no picture: profilePictureUrl rejects with item-not-found (404), as against WhatsApp', async () => {
    const { bob, client } = await setup()
    const error = await client.sock.profilePictureUrl(bob.jid, 'image').catch((err: unknown) => err)
    expect(error).toMatchObject({ message: 'item-not-found', data: 404 })
    await expect(client.sock.profilePictureUrl(bob.jid, 'preview')).rejects.toMatchObject({ data: 404 })
  })

  it('a contact picture set by the admin API: URLs the client can download, image and preview', async () => {
    const { sandbox, bob, client } = await setup()
    const jpeg = await picture(200, 10, 10)
    const info = await sandbox.api.setProfilePicture(bob.pn, { data: jpeg, mimetype: 'image/jpeg' })
    expect(info).toMatchObject({ mimetype: 'image/jpeg', url: expect.stringMatching(/^https:\/\//) })
    const update = await client.waitFor('contacts.update', e => e.some(c => c.id === bob.jid))
    expect(update.find(c => c.id === bob.jid)?.imgUrl).toBe('changed')

    const url = await client.sock.profilePictureUrl(bob.jid, 'image')
    expect(url).toBe(info.url)
    const full = await download(url!)
    expect(full).toMatchObject({ status: 200, type: 'image/jpeg' })
    expect(full.data.equals(jpeg)).toBe(true)
    // also over plain http on the same port
    expect((await download(url!.replace('https://', 'http://'))).data.equals(jpeg)).toBe(true)

    const previewUrl = await client.sock.profilePictureUrl(bob.lidJid, 'preview')
    expect(previewUrl).toBe(info.previewUrl)
    const preview = await download(previewUrl!)
    expect(await sharp(preview.data).metadata()).toMatchObject({ format: 'jpeg', width: 96, height: 96 })

    // a new picture: a new id and URL; the old one is gone
    const next = await sandbox.api.setProfilePicture(bob.jid, { data: await picture(10, 200, 10) })
    expect(next.id).not.toBe(info.id)
    expect(await client.sock.profilePictureUrl(bob.jid, 'image')).toBe(next.url)
    expect((await download(info.url)).status).toBe(404)

    // removed: not found again, and the client is told
    expect(sandbox.api.removeProfilePicture(bob.pn)).toBe(true)
    await client.waitFor('contacts.update', e => e.some(c => c.id === bob.jid && c.imgUrl === 'removed'))
    await expect(client.sock.profilePictureUrl(bob.jid, 'image')).rejects.toMatchObject({ data: 404 })
    expect(sandbox.api.removeProfilePicture(bob.pn)).toBe(false)
  })

  it('over HTTP: PUT, GET and DELETE the picture of a contact and of a phone', async () => {
    const { sandbox, phone, bob, client } = await setup()
    const jpeg = await picture(1, 2, 3)
    const put = await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/picture`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: jpeg.toString('base64'), mimetype: 'image/jpeg' }),
    })
    expect(put.status).toBe(200)
    const info = (await put.json()) as { url: string }
    expect(await client.sock.profilePictureUrl(bob.jid)).toBe(info.url.replace('-image.', '-preview.'))
    expect(((await (await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/picture`)).json()) as { url: string }).url).toBe(info.url)
    // a contact route does not take a phone
    expect((await fetch(`${sandbox.adminUrl}/contacts/${phone.pn}/picture`)).status).toBe(404)

    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#00ff00' } }).png().toBuffer()
    const putPhone = await fetch(`${sandbox.adminUrl}/phones/${phone.pn}/picture`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: png.toString('base64'), mimetype: 'image/png' }),
    })
    const phoneInfo = (await putPhone.json()) as { url: string }
    // the client's own picture
    expect(await client.sock.profilePictureUrl(phone.jid, 'image')).toBe(phoneInfo.url)
    expect((await download(phoneInfo.url)).data.equals(png)).toBe(true)

    const removed = await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/picture`, { method: 'DELETE' })
    expect(await removed.json()).toEqual({ removed: true })
    expect((await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/picture`)).status).toBe(404)
    await expect(client.sock.profilePictureUrl(bob.jid)).rejects.toMatchObject({ data: 404 })
    const bad = await fetch(`${sandbox.adminUrl}/contacts/${bob.pn}/picture`, { method: 'PUT', body: JSON.stringify({ mimetype: 'image/png' }) })
    expect(bad.status).toBe(400)
  })

  it('the client sets and removes its own picture and a group picture (updateProfilePicture)', async () => {
    const { sandbox, phone, bob, client } = await setup()
    await client.sock.updateProfilePicture(phone.jid, await picture(50, 50, 50))
    const own = sandbox.api.getProfilePicture(phone.pn)
    expect(own).toMatchObject({ mimetype: 'image/jpeg' })
    expect(await client.sock.profilePictureUrl(phone.jid, 'image')).toBe(own!.url)

    const group = await client.sock.groupCreate('With a picture', [bob.jid])
    await client.sock.updateProfilePicture(group.id, await picture(0, 0, 250))
    const groupPicture = sandbox.api.getProfilePicture(group.id)
    expect(groupPicture).toBeDefined()
    expect(await client.sock.profilePictureUrl(group.id, 'image')).toBe(groupPicture!.url)
    expect((await download(groupPicture!.url)).status).toBe(200)

    await client.sock.removeProfilePicture(phone.jid)
    expect(sandbox.api.getProfilePicture(phone.pn)).toBeUndefined()
    await expect(client.sock.profilePictureUrl(phone.jid)).rejects.toMatchObject({ data: 404 })
    // another user's picture is not the client's to change
    await expect(client.sock.updateProfilePicture(bob.jid, await picture(1, 1, 1))).rejects.toMatchObject({ data: 403 })
  })

  it('pictures persist across a restart (data directory); a replaced one is deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wa-sandbox-'))
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const first = await startSandbox({ dataDir, logger: sandboxLogger() })
    const bob = first.api.createContact({ name: 'Bob' })
    const jpeg = await picture(9, 9, 9)
    await first.api.setProfilePicture(bob.pn, { data: await picture(1, 1, 1) })
    const info = await first.api.setProfilePicture(bob.pn, { data: jpeg })
    await first.close()
    expect(readdirSync(join(dataDir, 'pictures')).sort()).toEqual([info.id, `${info.id}.preview`])

    const second = track(await startSandbox({ dataDir, logger: sandboxLogger() }))
    const again = second.api.getProfilePicture(bob.pn)
    expect(again).toMatchObject({ id: info.id, mimetype: 'image/jpeg' })
    const response = await fetch(again!.url)
    expect(Buffer.from(await response.arrayBuffer()).equals(jpeg)).toBe(true)
  })
})
