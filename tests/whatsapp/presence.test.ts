import { afterAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('presence updates', () => {
  const worlds: WhatsAppWorld[] = []
  afterAll(async () => {
    for (const w of worlds) await w.close()
  })

  it('are recorded as presence.update only when WA_PRESENCE_UPDATES is on', async () => {
    const on = await startWhatsAppWorld({ gateway: { env: { WA_PRESENCE_UPDATES: 'true' } } })
    worlds.push(on)
    const { sessionId, phone } = await pairNewSession(on, 'Presence')
    const contact = on.sandbox.api.createContact({ name: 'Typist' })
    await on.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'hello' })
    on.sandbox.api.sendPresence({ from: contact.pn, to: phone.pn, type: 'composing' })
    await eventually(async () => {
      const events = (await on.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'presence.update')
      expect(events.map((e) => e.data)).toContainEqual(expect.objectContaining({ presences: expect.arrayContaining([expect.objectContaining({ presence: 'composing' })]) }))
    })

    const off = await startWhatsAppWorld({ sandbox: on.sandbox })
    worlds.push({ ...off, close: () => off.gateway.close() })
    const quiet = await pairNewSession(off, 'Quiet')
    const other = off.sandbox.api.createContact({ name: 'Typist 2' })
    await off.sandbox.api.sendMessage({ from: other.pn, to: quiet.phone.pn, text: 'hello' })
    off.sandbox.api.sendPresence({ from: other.pn, to: quiet.phone.pn, type: 'composing' })
    await eventually(async () => expect((await off.gateway.gateway.store.readStream(`messages-${quiet.sessionId}`)).some((e) => e.type === 'message.received')).toBe(true))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await off.gateway.gateway.store.readStream(`messages-${quiet.sessionId}`)).filter((e) => e.type === 'presence.update')).toEqual([])
  }, 90_000) // two gateways started and two sessions linked
})
