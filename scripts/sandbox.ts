/**
 * npm run sandbox: the WhatsApp sandbox and the gateway wired to it, test endpoints on, so the whole
 * product can be tried with no phone and no internet. State lives in ./data-sandbox (DATA_DIR).
 */
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../src/config.ts'
import type { ConnectionUpdate } from '../src/domain/session/session-events.ts'
import { startGateway } from '../src/gateway.ts'
import { createLogger } from '../src/infra/logger.ts'
import { createWhatsAppDriver } from '../src/infra/whatsapp/create-whatsapp-driver.ts'
import { startSandbox, trustSandboxCertificate } from '../src/sandbox/index.ts'

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data-sandbox')
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' })
trustSandboxCertificate()
const sandbox = await startSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 7070),
  dataDir: path.join(dataDir, 'sandbox'),
  autoCreateContacts: true,
  logger: pino({ level: process.env.SANDBOX_LOG_LEVEL ?? 'warn' }),
})
const phone = sandbox.api.listPhones()[0] ?? sandbox.api.createPhone({ name: 'Sandbox phone' })
const contact = sandbox.api.listContacts()[0] ?? sandbox.api.createContact({ name: 'Adit' })

// SANDBOX_ADMIN_URL turns on the dashboard's sandbox mode (banner, scan with the virtual phone, write as a contact).
const config = loadConfig({ ...process.env, DATA_DIR: path.join(dataDir, 'gateway'), WA_WS_URL: sandbox.wsUrl, GATEWAY_TEST_ENDPOINTS: '1', SANDBOX_ADMIN_URL: sandbox.adminUrl })
const gateway = await startGateway({ config, logger, driver: createWhatsAppDriver })
const gw = gateway.url
const admin = sandbox.adminUrl

// Each QR a session shows, as a command that scans it with the sandbox's phone.
gateway.bus.onEvents((events) => {
  for (const event of events) {
    if (event.type !== 'connection.update') continue
    const update = event.data as ConnectionUpdate['data']
    if (update.qr) {
      console.log(`\nSession ${update.sessionId} shows a QR. Scan it with the sandbox phone (+${phone.pn}):\n` +
        `  curl -X POST ${admin}/phones/${phone.pn}/scan -H 'Content-Type: application/json' -d '${JSON.stringify({ qr: update.qr })}'\n`)
    } else if (update.status === 'CONNECTED') {
      console.log(`Session ${update.sessionId} is CONNECTED as ${update.me?.jid ?? phone.jid}.`)
    }
  }
})

console.log(`
WhatsApp sandbox and gateway are running (state in ${dataDir}).

  dashboard ${gw}/             (sandbox mode: scan QRs and write as the contact from the browser)
  gateway   ${gw}              (GATEWAY_TEST_ENDPOINTS on)
  sandbox   ${admin}      (admin API; WebSocket ${sandbox.wsUrl})
  phone     +${phone.pn}  ${phone.jid}   the account your sessions link to
  contact   +${contact.pn}  ${contact.jid}   someone to talk to

1. A user and an API key:
     curl -X POST ${gw}/api/test/create-user
2. A session (it starts connecting; its QR is printed here, with the command that scans it):
     curl -X POST ${gw}/api/sessions -H "X-API-Key: wag_…" -H "Content-Type: application/json" -d '{"name":"My phone"}'
3. Once CONNECTED, send the contact a message, and see what the sandbox received:
     curl -X POST ${gw}/api/chat/send -H "X-API-Key: wag_…" -H "Content-Type: application/json" \\
          -d '{"sessionId":"<sessionId>","jid":"${contact.jid}","message":{"text":"Hello from API!"}}'
     curl ${admin}/phones/${phone.pn}/sent
4. Let the contact answer, then read the chat:
     curl -X POST ${admin}/contacts/${contact.pn}/messages -H "Content-Type: application/json" -d '{"to":"${phone.pn}","text":"Hi!"}'
     curl ${gw}/api/chat/<sessionId>/${encodeURIComponent(contact.jid)} -H "X-API-Key: wag_…"

Ctrl-C stops both.
`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await gateway.close()
    await sandbox.close()
    process.exit(0)
  })
}
