import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The seed's verification snippet, exactly as seed-api.md writes it. */
export function verifyWebhook(body: unknown, signature: string, secret: string): boolean {
  const expected = 'sha256=' + createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex')
  return signature === expected
}

export interface Received {
  readonly id: string
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  readonly body: { event: string; sessionId: string; timestamp: string; data: any }
  readonly at: number
}

export interface Receiver {
  readonly url: string
  readonly port: number
  /** Every request answered 2xx, in arrival order. */
  readonly received: Received[]
  /** Every request, whatever it was answered. */
  readonly requests: Received[]
  /** What to answer: a status code, or 'hang' (no answer). Default 200. */
  respond: (request: Received) => number | 'hang'
  /** Stops listening (connections refused) until up(). */
  down(): Promise<void>
  up(): Promise<void>
  /** The ids received 2xx, first occurrence order, each once. */
  uniqueIds(): string[]
  close(): Promise<void>
}

/** A local webhook receiver on loopback that records what it gets. */
export async function startReceiver(port = 0): Promise<Receiver> {
  let server: Server | undefined
  const open = new Set<import('node:net').Socket>()
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    requests: [],
    respond: () => 200,
    async down() {
      if (!server) return
      const s = server
      server = undefined
      await new Promise<void>((resolve) => {
        s.close(() => resolve())
        for (const socket of open) socket.destroy()
      })
    },
    async up() {
      if (server) return
      server = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          const request: Received = { id: String(req.headers['x-webhook-id']), headers: req.headers, raw, body: JSON.parse(raw), at: Date.now() }
          receiver.requests.push(request)
          const answer = receiver.respond(request)
          if (answer === 'hang') return
          if (answer >= 200 && answer < 300) receiver.received.push(request)
          res.writeHead(answer, { 'content-type': 'application/json' })
          res.end('{"ok":true}')
        })
      })
      server.on('connection', (socket) => {
        open.add(socket)
        socket.on('close', () => open.delete(socket))
      })
      await new Promise<void>((resolve) => server!.listen(receiver.port, '127.0.0.1', resolve))
      const bound = (server.address() as AddressInfo).port
      Object.assign(receiver, { port: bound, url: `http://127.0.0.1:${bound}/hook` })
    },
    uniqueIds() {
      const seen = new Set<string>()
      return receiver.received.map((r) => r.id).filter((id) => (seen.has(id) ? false : (seen.add(id), true)))
    },
    close: () => receiver.down(),
  }
  Object.assign(receiver, { port })
  await receiver.up()
  return receiver
}
