import { describe, expect, it } from 'vitest'
import { createActor } from 'xstate'
import { ScriptedDriver } from '../../../tests/support/scripted-driver.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import { sessionMachine, statusOf, type SessionMachineEmitted } from './session-machine.ts'

const me = { jid: '6281234567890@s.whatsapp.net', name: 'Adit' }

/** A running machine over a scripted driver, with everything it emitted in order. */
function run(settings = { readReceipts: false, ghostMode: false }) {
  const driver = new ScriptedDriver()
  const actor = createActor(sessionMachine, { input: { sessionId: 's1', driver, backoff: { baseMs: 5, maxMs: 5 }, settings } })
  const emitted: SessionMachineEmitted[] = []
  actor.on('*', (event) => emitted.push(event))
  actor.start()
  const status = () => statusOf(actor.getSnapshot())
  const latest = () => driver.connectionsOf('s1').at(-1)!
  return { driver, actor, emitted, status, latest }
}

const connections = (emitted: SessionMachineEmitted[]) => emitted.filter((e) => e.type === 'connection').map((e) => e.connection)

describe('session machine', () => {
  it('emits the connection it opens on START, and null once it leaves the online states', () => {
    const { actor, emitted, status, latest } = run()
    expect(status()).toBe('DISCONNECTED')
    actor.send({ type: 'START' })
    expect(status()).toBe('CONNECTING')
    const connection = latest()
    expect(connections(emitted)).toEqual([connection])
    connection.emit({ type: 'open', me })
    expect(status()).toBe('CONNECTED')
    expect(actor.getSnapshot().context).toMatchObject({ me, reason: 'opened', attempt: 0 })
    actor.send({ type: 'STOP' })
    expect(status()).toBe('DISCONNECTED')
    expect(connection.ended).toBe(true)
    expect(connections(emitted)).toEqual([connection, null])
    actor.stop()
  })

  it('emits WhatsApp traffic as it arrives, with its onRecorded, and keeps none of it in its context', () => {
    const { actor, emitted, latest } = run()
    actor.send({ type: 'START' })
    const events: NewEvent[] = [{ type: 'message.received', data: { n: 1 } }]
    const onRecorded = () => {}
    latest().emit({ type: 'traffic', events, onRecorded })
    latest().emit({ type: 'traffic', events: [] })
    const traffic = emitted.filter((e) => e.type === 'traffic')
    expect(traffic).toEqual([
      { type: 'traffic', events, onRecorded },
      { type: 'traffic', events: [], onRecorded: undefined },
    ])
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain('message.received')
    expect(statusOf(actor.getSnapshot())).toBe('CONNECTING')
    actor.stop()
  })

  it('emits nothing for an ended connection', () => {
    const { actor, emitted, driver } = run()
    actor.send({ type: 'START' })
    const first = driver.connectionsOf('s1')[0]!
    actor.send({ type: 'RESTART' })
    const second = driver.connectionsOf('s1')[1]!
    first.emit({ type: 'traffic', events: [{ type: 'message.received', data: {} }] })
    first.emit({ type: 'open', me })
    expect(emitted.filter((e) => e.type === 'traffic')).toEqual([])
    expect(statusOf(actor.getSnapshot())).toBe('CONNECTING')
    expect(connections(emitted)).toEqual([first, null, second])
    actor.stop()
  })

  it('opens connections with its settings, and tells an open connection when they change', () => {
    const { actor, latest } = run({ readReceipts: true, ghostMode: false })
    actor.send({ type: 'SETTINGS', settings: { readReceipts: false, ghostMode: true } })
    actor.send({ type: 'START', connectOptions: { pairingPhone: '6281234567890' } })
    expect(latest().options).toEqual({ pairingPhone: '6281234567890', settings: { readReceipts: false, ghostMode: true } })
    actor.send({ type: 'SETTINGS', settings: { readReceipts: true, ghostMode: false } })
    expect(latest().settings).toEqual({ readReceipts: true, ghostMode: false })
    actor.stop()
  })

  it('reconnects after a lost connection: ZOMBIE once it had been open, a new connection emitted', async () => {
    const { actor, emitted, status, driver } = run()
    actor.send({ type: 'START' })
    driver.connectionsOf('s1')[0]!.emit({ type: 'open', me })
    driver.connectionsOf('s1')[0]!.emit({ type: 'close', reason: 'silent' })
    expect(status()).toBe('ZOMBIE')
    expect(actor.getSnapshot().context).toMatchObject({ reason: 'silent', attempt: 1 })
    const second = await driver.connection('s1', 2)
    expect(status()).toBe('ZOMBIE')
    second.emit({ type: 'open', me })
    expect(status()).toBe('CONNECTED')
    expect(connections(emitted)).toEqual([driver.connectionsOf('s1')[0], null, second])
    actor.stop()
  })

  it('logs out through the connection, forgets the credentials and ends DISCONNECTED, not wanting to run', async () => {
    const { actor, status, driver, latest } = run()
    actor.send({ type: 'START' })
    latest().emit({ type: 'open', me })
    actor.send({ type: 'LOGOUT' })
    expect(latest().loggedOut).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(driver.removedCredentials).toEqual(['s1'])
    expect(status()).toBe('DISCONNECTED')
    expect(actor.getSnapshot().context).toMatchObject({ desired: 'stopped', reason: 'logout', me: null })
    actor.stop()
  })
})
