import { randomUUID } from 'node:crypto'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/gateway-harness.ts'
import { ScriptedDriver, type ScriptedConnection } from '../support/scripted-driver.ts'

export interface ScriptedWorld {
  readonly gw: TestGateway
  readonly driver: ScriptedDriver
  /** An OWNER's API key and id. */
  readonly key: string
  readonly userId: string
  /** Creates a session for `key`'s user and brings it to CONNECTED. */
  session(key?: string): Promise<{ sessionId: string; connection: ScriptedConnection }>
  /** Makes contacts send `count` texts to the session; returns their keyIds in order. */
  receive(connection: ScriptedConnection, count: number, prefix?: string): string[]
  user(role: 'OWNER' | 'STAFF' | 'SUPERADMIN'): Promise<{ id: string; apiKey: string; email: string }>
  close(): Promise<void>
}

/** A gateway with a scripted WhatsApp driver (no sandbox): traffic is whatever the test emits. */
export async function startScriptedWorld(options: TestGatewayOptions = {}): Promise<ScriptedWorld> {
  const driver = new ScriptedDriver()
  const gw = await startTestGateway({ ...options, driver: () => driver, env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true', ...options.env } })
  const user = async (role: 'OWNER' | 'STAFF' | 'SUPERADMIN') => {
    const { body } = await gw.request('POST', '/api/test/create-user', { body: { role } })
    return body as { id: string; apiKey: string; email: string }
  }
  const owner = await user('OWNER')
  let counter = 0
  return {
    gw,
    driver,
    key: owner.apiKey,
    userId: owner.id,
    user,
    async session(key = owner.apiKey) {
      const { status, body } = await gw.request('POST', '/api/sessions', { key, body: { name: 'Phone' } })
      if (status !== 200) throw new Error(`create session: ${status} ${JSON.stringify(body)}`)
      const connection = await driver.connection(body.sessionId)
      connection.emit({ type: 'open', me: { jid: '6281200000001@s.whatsapp.net' } })
      await eventually(async () => {
        const { body: session } = await gw.request('GET', `/api/sessions/${body.sessionId}`, { key })
        if (session.status !== 'CONNECTED') throw new Error(`still ${session.status}`)
      })
      return { sessionId: body.sessionId as string, connection }
    },
    receive(connection, count, prefix = 'M') {
      const keyIds: string[] = []
      const events = Array.from({ length: count }, () => {
        const keyId = `${prefix}${String(++counter).padStart(6, '0')}`
        keyIds.push(keyId)
        return { id: randomUUID(), type: 'message.received', data: textMessage(keyId, `hello ${keyId}`) }
      })
      connection.emit({ type: 'traffic', events })
      return keyIds
    },
    close: () => gw.close(),
  }
}

export function textMessage(keyId: string, text: string) {
  return {
    keyId,
    remoteJid: '6287748687946@s.whatsapp.net',
    fromMe: false,
    senderJid: null,
    pushName: 'Adit',
    timestamp: 1736503800,
    type: 'TEXT',
    text,
    content: { conversation: text },
    quotedKeyId: null,
    media: null,
  }
}
