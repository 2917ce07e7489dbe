import { describe, expect, it } from 'vitest'
import { ContactChecks } from './contact-checks.ts'

const jid = (n: number) => `62800000${String(n).padStart(4, '0')}@s.whatsapp.net`

describe('ContactChecks', () => {
  it('asks WhatsApp in paced batches and answers in the order asked; what it left out does not exist', async () => {
    const asked: string[][] = []
    const slept: number[] = []
    const checks = new ContactChecks({ batchSize: 2, paceMs: 700, sleep: async (ms) => void slept.push(ms) })
    const answer = await checks.check([jid(1), jid(2), jid(3), jid(1)], async (batch) => {
      asked.push([...batch])
      return batch.filter((j) => j !== jid(2)).map((j) => ({ jid: j, exists: j === jid(1) }))
    })
    expect(asked).toEqual([[jid(1), jid(2)], [jid(3)]])
    expect(slept).toEqual([700])
    expect(answer).toEqual([
      { jid: jid(1), exists: true, lid: null },
      { jid: jid(2), exists: false, lid: null },
      { jid: jid(3), exists: false, lid: null },
      { jid: jid(1), exists: true, lid: null },
    ])
  })

  it('does not ask again within the TTL, and asks again after it', async () => {
    let now = 0
    let queries = 0
    const checks = new ContactChecks({ ttlMs: 1000, now: () => now, sleep: async () => {} })
    const query = async (batch: readonly string[]) => {
      queries++
      return batch.map((j) => ({ jid: j, exists: true }))
    }
    await checks.check([jid(1), jid(2)], query)
    now = 999
    expect(await checks.check([jid(2), jid(1)], query)).toEqual([
      { jid: jid(2), exists: true, lid: null },
      { jid: jid(1), exists: true, lid: null },
    ])
    expect(queries).toBe(1)
    now = 1000
    await checks.check([jid(1)], query)
    expect(queries).toBe(2)
  })
})
