import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts'
import { sandboxLogger } from './helpers.ts'

let sandbox: SandboxHandle | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

async function http(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as any }
}

/** The admin HTTP side of calls, blocklists, abouts and business profiles (the protocol side is tested through Baileys in tests/whatsapp). */
describe('admin HTTP API: calls, blocklist, about, business', () => {
  it('places calls, reads and sets abouts and business profiles, shows the blocklist; 4xx for bad input', async () => {
    sandbox = await startSandbox({ logger: sandboxLogger() })
    const api = (method: string, path: string, body?: unknown) => http(sandbox!.adminUrl, method, path, body)
    await api('POST', '/phones', { pn: '15550001111' })
    await api('POST', '/contacts', { pn: '15550002222', name: 'Bob' })

    const placed = await api('POST', '/calls', { from: '15550002222', to: '15550001111', video: true })
    expect(placed).toEqual({ status: 201, body: expect.objectContaining({ from: '15550002222', to: '15550001111', isVideo: true, outcome: 'ringing' }) })
    expect((await api('GET', '/calls?phone=15550001111')).body).toEqual([placed.body])
    expect((await api('POST', '/calls', { from: '15550002222' })).status).toBe(400)
    expect((await api('POST', '/calls', { from: '15550002222', to: '19999999999' })).status).toBe(404)

    expect((await api('GET', '/users/15550002222/about')).body).toMatchObject({ text: 'Hey there! I am using WhatsApp.' })
    expect((await api('PUT', '/users/15550002222/about', { text: 'At work' })).body).toMatchObject({ text: 'At work' })
    expect((await api('PUT', '/users/15550002222/about', {})).status).toBe(400)
    expect((await api('PUT', '/users/15550002222/about', { text: 'x'.repeat(140) })).status).toBe(400)

    expect((await api('PUT', '/users/15550002222/business', { description: 'Shop' })).status).toBe(200)
    expect((await api('PUT', '/users/15550002222/business', { category: 'no description' })).status).toBe(400)
    expect((await api('PUT', '/users/15550002222/business', { profile: null })).body).toEqual({ business: null })

    expect((await api('GET', '/phones/15550001111/blocklist')).body).toEqual({ blocked: [], changes: [] })
    expect((await api('GET', '/phones/19999999999/blocklist')).status).toBe(404)
  })
})
