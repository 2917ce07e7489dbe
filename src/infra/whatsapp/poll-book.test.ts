import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encryptVote } from '../../sandbox/poll-votes.ts'
import { PollBook } from './poll-book.ts'

const me = { pn: '15550001111@s.whatsapp.net', lid: '111111@lid' }
const voter = { pn: '15550002222@s.whatsapp.net', lid: '222222@lid' }

function ownPoll(secret: Buffer) {
  return {
    key: { remoteJid: voter.pn, fromMe: true, id: 'POLL1' },
    message: { pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Soto' }, { optionName: 'Sate' }], selectableOptionsCount: 1 }, messageContextInfo: { messageSecret: secret } },
  }
}

describe('PollBook', () => {
  it("decrypts a contact's vote on our poll, whichever forms (number or LID) WhatsApp bound it to", () => {
    const secret = randomBytes(32)
    const saved: string[] = []
    const book = new PollBook((id) => saved.push(id))
    book.setMe(`${me.pn.replace('@', ':3@')}`, me.lid)
    book.remember(ownPoll(secret), [])
    expect(saved).toEqual(['POLL1'])
    expect(book.knows('POLL1')).toEqual({ fromMe: true })
    for (const [creatorJid, voterJid] of [[me.lid, voter.lid], [me.pn, voter.pn]] as const) {
      const vote = encryptVote({ pollId: 'POLL1', creatorJid, voterJid, secret, options: ['Sate'] })
      expect(book.vote({ pollCreationMessageKey: { id: 'POLL1' }, vote }, [voter.pn, voter.lid])).toEqual(['Sate'])
    }
  })

  it('answers null for an unknown poll or a vote that does not decrypt, and keeps what it was seeded with', () => {
    const secret = randomBytes(32)
    const book = new PollBook()
    book.setMe(me.pn, me.lid)
    const vote = encryptVote({ pollId: 'POLL1', creatorJid: me.pn, voterJid: voter.pn, secret, options: ['Soto'] })
    expect(book.vote({ pollCreationMessageKey: { id: 'POLL1' }, vote }, [voter.pn])).toBeNull()
    const seeded = new PollBook()
    seeded.setMe(me.pn)
    seeded.seed(new Map([['POLL1', { secret: secret.toString('base64'), options: ['Soto', 'Sate'], creator: [] }]]))
    expect(seeded.vote({ pollCreationMessageKey: { id: 'POLL1' }, vote }, [voter.pn])).toEqual(['Soto'])
    expect(seeded.vote({ pollCreationMessageKey: { id: 'POLL1' }, vote }, ['someone@s.whatsapp.net'])).toBeNull()
  })
})
