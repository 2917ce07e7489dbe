/**
 * The gateway (src/gateway.ts, configured from the environment like npm start) with a scripted
 * WhatsApp driver instead of Baileys, plus a control port to make its sessions connect and receive
 * messages: for benchmarks of what comes after ingestion (projections, webhooks).
 * Control (CONTROL_PORT): POST /open?sessionId=…, POST /receive?sessionId=…&keyId=…
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { loadConfig } from '../../src/config.ts'
import { startGateway } from '../../src/gateway.ts'
import { ScriptedDriver } from '../../tests/support/scripted-driver.ts'

const driver = new ScriptedDriver()
const gateway = await startGateway({ config: loadConfig(), driver: () => driver })
const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control')
  const sessionId = url.searchParams.get('sessionId') ?? ''
  const connection = driver.connectionsOf(sessionId).at(-1)
  if (!connection) {
    res.writeHead(404).end()
    return
  }
  if (url.pathname === '/open') connection.emit({ type: 'open', me: { jid: '6281200000001@s.whatsapp.net' } })
  if (url.pathname === '/receive') {
    const keyId = url.searchParams.get('keyId') ?? randomUUID()
    connection.emit({
      type: 'traffic',
      events: [
        {
          id: randomUUID(),
          type: 'message.received',
          data: { keyId, remoteJid: '6287748687946@s.whatsapp.net', fromMe: false, senderJid: null, pushName: 'Bench', timestamp: Math.floor(Date.now() / 1000), type: 'TEXT', text: keyId, content: { conversation: keyId }, quotedKeyId: null, media: null },
        },
      ],
    })
  }
  res.writeHead(204).end()
})
control.listen(Number(process.env.CONTROL_PORT), '127.0.0.1')
process.on('SIGTERM', () => {
  control.close()
  void gateway.close().then(() => process.exit(0))
})
