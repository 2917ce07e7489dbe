import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

function once<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)))
}

describe('Socket.io on graceful shutdown', () => {
  let gateway: TestGateway | undefined
  let client: Socket | undefined
  let dataDir: string | undefined
  afterAll(async () => {
    client?.close()
    await gateway?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  })

  it('tells clients to reconnect, and they do, by themselves, to the gateway restarted on the same port', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wag-reconnect-'))
    gateway = await startTestGateway({ dataDir })
    const { port } = gateway.gateway
    const { apiKey } = (await gateway.request('POST', '/api/test/create-user')).body as { apiKey: string }
    const { sessionId } = (await gateway.request('POST', '/api/sessions', { key: apiKey, body: { name: 'Phone' } })).body as { sessionId: string }

    // socket.io-client's defaults (long-polling, then the WebSocket upgrade), reconnection on; short delays only to keep the test brief.
    client = io(gateway.url, { auth: { apiKey }, reconnectionDelay: 50, reconnectionDelayMax: 200 })
    const connects: string[] = []
    client.on('connect', () => connects.push(client!.id!))
    await once(client, 'connect')
    const upgraded = new Promise<void>((resolve) => (client!.io.engine.transport.name === 'websocket' ? resolve() : client!.io.engine.once('upgrade', () => resolve())))
    await upgraded
    expect((await client.timeout(10_000).emitWithAck('join-session', { sessionId })).ok).toBe(true)

    const shutdown = once<{ reconnect: boolean }>(client, 'shutdown')
    const disconnected = once<string>(client, 'disconnect')
    await gateway.gateway.close()
    expect(await shutdown).toMatchObject({ reconnect: true })
    expect(await disconnected).toBe('transport close')
    expect(client.active).toBe(true) // still trying: "io server disconnect" would have made it give up

    // The same node comes back on the same port and data: the client finds it without being told.
    const reconnected = once(client, 'connect')
    gateway = await startTestGateway({ dataDir, env: { PORT: String(port) } })
    await reconnected
    expect(connects).toHaveLength(2)
    expect((await client.timeout(10_000).emitWithAck('join-session', { sessionId })).ok).toBe(true)
  }, 120_000) // two embedded starts (PGlite), slow on a busy machine
})
