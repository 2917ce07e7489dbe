import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'

interface Contact {
  pn: string
  jid: string
  lid: string
  lidJid: string
  name: string
}

/**
 * A chat's state on the account through real Baileys: each modification reaches the sandbox as the
 * app-state patch WhatsApp expects (decoded there with the phone's key), Baileys' own reading of it
 * is recorded as chat.update, and the chat list shows archived, pinned, mutedUntil and unreadCount.
 */
describe('chat modifications end to end', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let sessionId: string
  let phone: { pn: string; jid: string }
  let adit: Contact
  const api = (method: string, path: string, body?: unknown) => world.gateway.request(method, path, { key: world.key, ...(body !== undefined ? { body } : {}) })
  const chatOf = async (jid: string) => ((await api('GET', `/api/chat/${sessionId}`)).body as Array<Record<string, any>>).find((c) => c.jid === jid)
  const modify = async (action: string, extra: Record<string, unknown> = {}, jid = adit.jid) => {
    const response = await api('POST', '/api/chat/modify', { sessionId, jid, action, ...extra })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body
  }
  const patchFor = (index: string, since: number) => world.sandbox.api.waitForAppStatePatch({ phone: phone.pn, index, chat: adit.jid, since })

  beforeAll(async () => {
    receiver = await startReceiver()
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Chat modify'))
    const hook = await api('POST', '/api/webhooks', { name: 'Chats', url: receiver.url, sessionId, events: ['chat.update'] })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
    adit = world.sandbox.api.createContact({ name: 'Adit' }) as Contact
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'one', addressing: 'lid' })
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'two', addressing: 'lid' })
    await eventually(async () => expect((await chatOf(adit.jid))?.lastMessage?.content).toBe('two'))
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
  })

  it('counts received messages as unread until the chat is marked read', async () => {
    expect(await chatOf(adit.jid)).toMatchObject({ unreadCount: 2, markedUnread: false, archived: false, pinned: false, pinnedAt: null, mutedUntil: null })
    const since = world.sandbox.api.accountQueriesCursor()
    expect(await modify('markRead')).toEqual({ success: true, sessionId, jid: adit.jid, action: 'markRead' })
    const patch = await patchFor('markChatAsRead', since)
    expect(patch.collection).toBe('regular_low')
    expect(patch.mutations[0]).toMatchObject({ operation: 'set', index: ['markChatAsRead', adit.jid], action: 'markChatAsReadAction', value: { read: true } })
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ unreadCount: 0, markedUnread: false }))

    await modify('markUnread')
    expect((await patchFor('markChatAsRead', patch.seq)).mutations[0]!.value).toMatchObject({ read: false })
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ markedUnread: true }))
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'three' })
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ unreadCount: 1, markedUnread: true }))
    // Writing in a chat reads it, as on a phone.
    expect((await api('POST', '/api/chat/send', { sessionId, jid: adit.jid, message: { text: 'reply' } })).status).toBe(200)
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ unreadCount: 0, markedUnread: false }))
  })

  it('archives and unarchives, pins and unpins (by either address form)', async () => {
    const since = world.sandbox.api.accountQueriesCursor()
    await modify('archive', {}, adit.lidJid)
    expect((await patchFor('archive', since)).mutations[0]).toMatchObject({ index: ['archive', adit.jid], value: { archived: true } })
    await eventually(async () => expect((await chatOf(adit.jid))?.archived).toBe(true))
    await modify('unarchive')
    await eventually(async () => expect((await chatOf(adit.jid))?.archived).toBe(false))

    await modify('pin')
    expect((await patchFor('pin_v1', since)).mutations[0]).toMatchObject({ index: ['pin_v1', adit.jid], action: 'pinAction', value: { pinned: true } })
    const pinned = await eventually(async () => {
      const chat = await chatOf(adit.jid)
      expect(chat?.pinned).toBe(true)
      return chat!
    })
    expect(Date.parse(pinned.pinnedAt)).toBeGreaterThan(Date.now() - 60_000)
    await modify('unpin')
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ pinned: false, pinnedAt: null }))
    const recorded = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'chat.update').map((e) => e.data)
    expect(recorded).toEqual(expect.arrayContaining([expect.objectContaining({ jid: adit.jid, jidAlt: adit.lidJid, archived: true, source: 'whatsapp' })]))
    await eventually(() =>
      expect(receiver.received.map((r) => r.body)).toContainEqual(
        expect.objectContaining({ event: 'chat.update', sessionId, data: expect.objectContaining({ jid: adit.jid, archived: true }) }),
      ),
    )
  })

  it('mutes until an ISO time or for a number of seconds, and unmutes', async () => {
    const until = new Date(Date.now() + 3600_000)
    const since = world.sandbox.api.accountQueriesCursor()
    await modify('mute', { until: until.toISOString() })
    const patch = await patchFor('mute', since)
    expect(patch.mutations[0]).toMatchObject({ index: ['mute', adit.jid], action: 'muteAction', value: { muted: true, muteEndTimestamp: until.getTime() } })
    await eventually(async () => expect((await chatOf(adit.jid))?.mutedUntil).toBe(until.toISOString()))
    await modify('mute', { until: 8 * 3600 })
    await eventually(async () => expect(Date.parse((await chatOf(adit.jid))?.mutedUntil)).toBeGreaterThan(Date.now() + 7 * 3600_000))
    await modify('unmute')
    expect((await patchFor('mute', patch.seq + 1)).mutations[0]!.value).toMatchObject({ muted: false })
    await eventually(async () => expect((await chatOf(adit.jid))?.mutedUntil).toBeNull())
  })

  it('deletes a chat: the conversation leaves the list, the contact stays', async () => {
    const since = world.sandbox.api.accountQueriesCursor()
    await modify('delete')
    expect((await patchFor('deleteChat', since)).mutations[0]).toMatchObject({ index: ['deleteChat', adit.jid, '1'], action: 'deleteChatAction' })
    await eventually(async () => expect(await chatOf(adit.jid)).toMatchObject({ lastMessage: null, unreadCount: 0, archived: false, pinned: false }))
    const messages = async () => (await api('GET', `/api/chat/${sessionId}/${adit.jid}`)).body as Array<{ content: string }>
    expect(await messages()).toEqual([])
    // The chat starts again with what comes after.
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'after the delete' })
    await eventually(async () => expect((await messages()).map((m) => m.content)).toEqual(['after the delete']))
    expect(await chatOf(adit.jid)).toMatchObject({ unreadCount: 1, lastMessage: expect.objectContaining({ content: 'after the delete' }) })
  })

  it('answers 400 for bad input and 503 when not connected', async () => {
    const bad = async (body: unknown) => {
      const response = await api('POST', '/api/chat/modify', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      return response.body.error as string
    }
    expect(await bad({ sessionId, jid: adit.jid, action: 'star' })).toMatch(/action/)
    expect(await bad({ sessionId, jid: '0812', action: 'archive' })).toMatch(/jid/)
    expect(await bad({ sessionId, jid: adit.jid, action: 'mute' })).toMatch(/until/)
    expect(await bad({ sessionId, jid: adit.jid, action: 'mute', until: '2001-01-01T00:00:00Z' })).toMatch(/until/)
    expect(await bad({ sessionId, jid: adit.jid, action: 'mute', until: 'tomorrow' })).toMatch(/until/)
    expect(await bad({ sessionId, jid: adit.jid, action: 'mute', until: -5 })).toMatch(/until/)
    expect(await bad({ sessionId, jid: adit.jid, action: 'archive', until: 60 })).toMatch(/until/)
    expect(await bad({ jid: adit.jid, action: 'archive' })).toMatch(/sessionId/)
    const { body } = await api('POST', '/api/sessions', { name: 'Never linked' })
    const idle = await api('POST', '/api/chat/modify', { sessionId: body.sessionId, jid: adit.jid, action: 'archive' })
    expect(idle.status, JSON.stringify(idle.body)).toBe(503)
  })
})
