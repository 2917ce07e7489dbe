import { describe, expect, it } from 'vitest'
import { BufferJSON } from '@whiskeysockets/baileys'
import { createSignalPeer, createSignalPeerState } from './signal-peer.ts'
import type { SignalPeerState } from './signal-peer.ts'

const roundTrip = (state: SignalPeerState): SignalPeerState =>
  JSON.parse(JSON.stringify(state, BufferJSON.replacer), BufferJSON.reviver)

describe('signal peer', () => {
  it('two peers talk: pkmsg first, then msg both ways, and the state survives JSON persistence', async () => {
    let aliceState = createSignalPeerState()
    let bobState = createSignalPeerState()
    let alice = createSignalPeer(aliceState, () => {})
    let bob = createSignalPeer(bobState, () => {})
    const aliceAddr = { name: 'alice', device: 0 }
    const bobAddr = { name: 'bob', device: 3 }

    await alice.startSession(bobAddr, bob.issueBundle())
    const first = await alice.encrypt(bobAddr, Buffer.from('hello'))
    expect(first.type).toBe('pkmsg')
    expect((await bob.decrypt(aliceAddr, first.type, first.ciphertext)).toString()).toBe('hello')
    expect(Object.keys(bobState.preKeys)).toHaveLength(0) // the one-time pre-key was consumed

    const reply = await bob.encrypt(aliceAddr, Buffer.from('hi back'))
    expect(reply.type).toBe('msg')
    expect((await alice.decrypt(bobAddr, reply.type, reply.ciphertext)).toString()).toBe('hi back')

    // persist and reload both sides
    aliceState = roundTrip(aliceState)
    bobState = roundTrip(bobState)
    alice = createSignalPeer(aliceState, () => {})
    bob = createSignalPeer(bobState, () => {})
    expect(alice.hasSession(bobAddr)).toBe(true)
    const third = await alice.encrypt(bobAddr, Buffer.from('after restart'))
    expect(third.type).toBe('msg')
    expect((await bob.decrypt(aliceAddr, third.type, third.ciphertext)).toString()).toBe('after restart')
  })

  it('starts a session from a bundle without a one-time pre-key', async () => {
    const alice = createSignalPeer(createSignalPeerState(), () => {})
    const bob = createSignalPeer(createSignalPeerState(), () => {})
    const { preKey: _unused, ...bundle } = bob.issueBundle()
    await alice.startSession({ name: 'bob', device: 0 }, bundle)
    const sealed = await alice.encrypt({ name: 'bob', device: 0 }, Buffer.from('x'))
    expect((await bob.decrypt({ name: 'alice', device: 0 }, sealed.type, sealed.ciphertext)).toString()).toBe('x')
  })
})
