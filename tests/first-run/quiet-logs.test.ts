import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

interface LogLine {
  level: number
  msg: string
  component?: string
  path?: string
  status?: number
}

const ERROR = 50

describe('logs of an ordinary first run: pairing, and callers making mistakes', () => {
  let world: WhatsAppWorld
  const lines = () => world.gateway.logs().trim().split('\n').map((l) => JSON.parse(l) as LogLine)
  beforeAll(async () => {
    // Baileys' own lines down to info, to see what becomes of its stream:error 515.
    world = await startWhatsAppWorld({ gateway: { env: { BAILEYS_LOG_LEVEL: 'info' } } })
  })
  afterAll(async () => {
    await world?.close()
  })

  it('logs the restart WhatsApp asks for after pairing (stream:error 515) at info, and nothing at error', async () => {
    await pairNewSession(world)
    const restart = lines().filter((l) => l.component === 'baileys' && /stream:error 515/.test(l.msg))
    expect(restart.length).toBeGreaterThan(0)
    expect(restart.every((l) => l.level === 30)).toBe(true)
    expect(lines().filter((l) => l.level >= ERROR)).toEqual([])
  })

  it('logs 4xx answers at info', async () => {
    expect((await world.gateway.request('GET', '/api/sessions')).status).toBe(401)
    expect((await world.gateway.request('GET', '/api/no-such-route', { key: world.key })).status).toBe(404)
    expect((await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 42 } })).status).toBe(400)
    expect((await world.gateway.request('GET', '/api/sessions/no-such-session', { key: world.key })).status).toBe(404)
    const answers = lines().filter((l) => l.msg === 'request' && (l.status ?? 0) >= 400)
    expect(answers.map((l) => [l.path, l.status, l.level])).toEqual([
      ['/api/sessions', 401, 30],
      ['/api/no-such-route', 404, 30],
      ['/api/sessions', 400, 30],
      ['/api/sessions/no-such-session', 404, 30],
    ])
    expect(lines().filter((l) => l.level >= ERROR)).toEqual([])
  })
})
