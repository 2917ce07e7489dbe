import { randomBytes } from 'node:crypto'
import type { WAMessage } from '@whiskeysockets/baileys'
import { describe, expect, it } from 'vitest'
import { encryptVote } from '../../sandbox/poll-votes.ts'
import { IdentityBook } from './identity-book.ts'
import { PollBook } from './poll-book.ts'
import { upsertEvents } from './traffic-events.ts'

const contact = { pn: '628111@s.whatsapp.net', lid: '555@lid' }
const me = { pn: '628999@s.whatsapp.net', lid: '999@lid' }
const upsert = (messages: WAMessage[]) => ({ messages, type: 'notify' as const })
const fromContact = (id: string, message: WAMessage['message']): WAMessage => ({
  key: { remoteJid: contact.lid, remoteJidAlt: contact.pn, fromMe: false, id, participant: '' },
  message,
  messageTimestamp: 1_700_000_000,
})

describe('messages.upsert: actions carried as messages', () => {
  it("turns a contact's MESSAGE_EDIT into message.edited on the canonical chat, not a message of its own", () => {
    const edit = fromContact('EDIT1', {
      protocolMessage: { type: 14, key: { remoteJid: me.pn, fromMe: true, id: 'K1' }, editedMessage: { conversation: 'new text' }, timestampMs: 1_700_000_100_000 },
    })
    const events = upsertEvents('s1', upsert([edit]), new Map(), new IdentityBook())
    const edited = events.filter((e) => e.type === 'message.edited')
    expect(edited).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ keyId: 'K1', remoteJid: contact.pn, remoteJidAlt: contact.lid, fromMe: false, text: 'new text', editId: 'EDIT1', timestamp: 1_700_000_100 }),
      }),
    ])
    expect(events.some((e) => e.type === 'message.received')).toBe(false)
    // The same edit converted twice has the same id: an action's record and Baileys' echo are one event.
    expect(upsertEvents('s1', upsert([edit]), new Map(), new IdentityBook()).find((e) => e.type === 'message.edited')!.id).toBe(edited[0]!.id)
  })

  it('decrypts a vote on a poll it knows into poll.vote; a vote on an unknown poll records nothing', () => {
    const secret = randomBytes(32)
    const polls = new PollBook()
    polls.setMe(me.pn, me.lid)
    const poll: WAMessage = {
      key: { remoteJid: contact.pn, fromMe: true, id: 'POLL1' },
      message: { pollCreationMessage: { name: 'Days?', options: [{ optionName: 'Mon' }, { optionName: 'Tue' }], selectableOptionsCount: 0 }, messageContextInfo: { messageSecret: secret } },
    }
    polls.remember(poll, [])
    const vote = (pollId: string) =>
      fromContact(`V-${pollId}`, {
        pollUpdateMessage: {
          pollCreationMessageKey: { remoteJid: me.lid, fromMe: false, id: pollId },
          vote: encryptVote({ pollId, creatorJid: me.lid, voterJid: contact.lid, secret, options: ['Mon', 'Tue'] }),
          senderTimestampMs: 1_700_000_200_000,
        },
      })
    const events = upsertEvents('s1', upsert([vote('POLL1'), vote('OTHER')]), new Map(), new IdentityBook(), polls)
    expect(events.filter((e) => e.type !== 'identity.mapped')).toEqual([
      expect.objectContaining({
        type: 'poll.vote',
        data: expect.objectContaining({ keyId: 'POLL1', remoteJid: contact.pn, fromMe: true, voter: contact.pn, voterAlt: contact.lid, selectedOptions: ['Mon', 'Tue'], timestamp: 1_700_000_200 }),
      }),
    ])
  })
})
