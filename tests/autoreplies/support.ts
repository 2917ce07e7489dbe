import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { MessageData } from '../../src/domain/messages/message-events.ts'
import type { TestGateway } from '../support/gateway-harness.ts'

/** A text message as the driver records it when a contact writes in a one-to-one chat. */
export function textFrom(remoteJid: string, text: string, overrides: Partial<MessageData> = {}): MessageData {
  return {
    keyId: `3A${randomUUID().replaceAll('-', '').slice(0, 18).toUpperCase()}`,
    remoteJid,
    fromMe: false,
    senderJid: null,
    pushName: 'Contact',
    timestamp: Math.floor(Date.now() / 1000),
    type: 'TEXT',
    text,
    content: { conversation: text },
    quotedKeyId: null,
    media: null,
    ...overrides,
  }
}

export async function createRule(gw: TestGateway, key: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const { status, body: rule } = await gw.request('POST', '/api/autoreplies', { key, body })
  expect([status, rule]).toEqual([200, expect.objectContaining({ id: expect.any(String) })])
  return rule
}

export async function setAutoReply(gw: TestGateway, key: string, sessionId: string, autoReplyEnabled: boolean): Promise<void> {
  const { status } = await gw.request('PATCH', `/api/sessions/${sessionId}/settings`, { key, body: { config: { autoReplyEnabled } } })
  expect(status).toBe(200)
}

/** The auto-replies decided for a session, oldest first, as the outbox holds them. */
export async function repliesOf(gw: TestGateway, sessionId: string) {
  return gw.gateway.db.selectFrom('autoreply_replies').selectAll().where('session_id', '=', sessionId).orderBy('position').execute()
}

/** Resolves once the auto-reply consumer has decided on everything stored so far. */
export async function consumerCaughtUp(gw: TestGateway): Promise<void> {
  const head = await gw.gateway.store.headPosition()
  expect(await gw.gateway.projections.waitFor('autoreplies', head, 20_000)).toBe(true)
}
