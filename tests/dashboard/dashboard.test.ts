import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { pino } from 'pino'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWeb } from '../../scripts/build-web.ts'
import { startSandbox, trustSandboxCertificate, type SandboxHandle } from '../../src/sandbox/index.ts'
import { eventually } from '../support/eventually.ts'
import { pictures } from '../support/media-fixtures.ts'
import { startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { axeViolations, DESKTOP, haveChromium, openBrowser, PHONE, type Browser } from './browser.ts'

/** Where the screenshots go (named in web/README.md): one per page, desktop and phone. */
const SCREENSHOTS = path.resolve('reports/screenshots')
const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' }
const OWNER = { email: 'owner@example.test', password: 'owner-password-1' }
const OTHER = { email: 'other@example.test', password: 'other-password-1' }

if (!haveChromium) console.warn('dashboard end-to-end: SKIPPED (no /usr/bin/chromium; install the chromium package: apt-get install chromium)')

/**
 * The dashboard as a person uses it, in Debian's Chromium, against a gateway wired to the WhatsApp
 * sandbox with the real Baileys driver: log in, link a session by QR, chat both ways live, webhooks,
 * tenant isolation; every page checked with axe and photographed at desktop and phone size.
 */
describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  let sandbox: SandboxHandle
  let world: WhatsAppWorld
  let browser: Browser
  let receiver: Server
  let receiverUrl: string
  const received: Array<{ event: string }> = []
  const violations: string[] = []
  let phone: { pn: string; jid: string }
  let contact: { pn: string; jid: string }
  let sessionId: string
  let webhookId: string

  const page = () => browser.page
  const heading = (name: string | RegExp) => page().getByRole('heading', { level: 1, name }).waitFor()

  async function login(user: { email: string; password: string }) {
    await page().goto(`${world.gateway.url}/`)
    await page().getByLabel('E-mail').fill(user.email)
    await page().getByLabel(/^Password/).first().fill(user.password)
    await page().getByRole('button', { name: 'Log in' }).click()
    await heading('Sessions')
  }
  async function logout() {
    await page().getByRole('button', { name: 'Log out' }).click()
    await page().getByRole('heading', { name: 'Log in to wa-gateway' }).waitFor()
  }
  /** axe on the page as it is (desktop), then a screenshot at desktop and at phone size. */
  async function capture(name: string, p: Page = page()) {
    await p.waitForLoadState('networkidle').catch(() => {})
    await p.mouse.move(0, 0) // a hovered button is photographed (and contrast-checked) at rest
    violations.push(...(await axeViolations(p)).map((v) => `${name}: ${v}`))
    await p.screenshot({ path: path.join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true })
    await p.setViewportSize(PHONE)
    await p.waitForTimeout(150) // layout settles after the resize (not an assertion)
    await p.screenshot({ path: path.join(SCREENSHOTS, `${name}-phone.png`), fullPage: true })
    await p.setViewportSize(DESKTOP)
  }

  beforeAll(async () => {
    await buildWeb({ quiet: true })
    await mkdir(SCREENSHOTS, { recursive: true })
    trustSandboxCertificate()
    sandbox = await startSandbox({ port: 0, logger: pino({ level: 'silent' }) })
    phone = sandbox.api.createPhone({ name: 'Test phone' })
    contact = sandbox.api.createContact({ name: 'Adit' })
    world = await startWhatsAppWorld({
      sandbox,
      gateway: {
        env: {
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          SANDBOX_ADMIN_URL: sandbox.adminUrl,
          OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
          LOG_LEVEL: 'info',
        },
      },
    })
    for (const user of [OWNER, OTHER]) {
      const { status } = await world.gateway.request('POST', '/api/test/create-user', { body: { ...user, role: 'OWNER' } })
      expect(status).toBe(200)
    }
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        received.push(JSON.parse(body))
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await world?.close()
    await sandbox?.close()
    await new Promise((resolve) => receiver?.close(resolve))
  })

  it('logs in, creates a session, shows its QR and turns CONNECTED live after a scan with the virtual phone', async () => {
    await page().goto(`${world.gateway.url}/`)
    await page().getByRole('heading', { name: 'Log in to wa-gateway' }).waitFor()
    await capture('login')
    await page().getByLabel('E-mail').fill(OWNER.email)
    await page().getByLabel(/^Password/).first().fill('wrong-password')
    await page().getByRole('button', { name: 'Log in' }).click()
    await page().getByRole('alert').filter({ hasText: /invalid|wrong|incorrect/i }).waitFor()
    await login(OWNER)
    await page().getByTestId('sandbox-banner').waitFor()

    await page().getByLabel('New session').fill('E2E phone')
    await page().getByRole('button', { name: 'Create session' }).click()
    const qr = page().getByRole('img', { name: /QR code to link session E2E phone/ })
    await qr.waitFor({ timeout: 30_000 })
    sessionId = page().url().split('/sessions/')[1]!
    expect(sessionId).toMatch(/^\w+$/)
    await capture('session-qr')

    // No reload from here on: the badge must change through the socket.
    await page().evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1))
    await page().getByRole('button', { name: 'Scan with the virtual phone' }).click()
    await page().getByTestId('status-badge').filter({ hasText: 'CONNECTED' }).first().waitFor({ timeout: 30_000 })
    expect(await page().evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1)
    await capture('session-connected')
    await page().getByRole('link', { name: 'Sessions' }).click()
    await page().getByTestId(`session-card-${sessionId}`).filter({ hasText: 'CONNECTED' }).waitFor()
    await capture('sessions')
  })

  it("opens the contact's chat, sends a text that reaches the sandbox, and shows the contact's messages live", async () => {
    await page().getByRole('link', { name: 'Chats' }).click()
    await heading('Chats')
    await page().getByLabel('New chat: phone number').fill(contact.pn)
    await page().getByRole('button', { name: 'Open' }).click()
    await page().getByRole('heading', { level: 2, name: /Adit|\+\d+/ }).waitFor()

    await page().getByLabel('Message', { exact: true }).fill('Hello from the dashboard')
    await page().keyboard.press('Enter')
    const sent = await eventually(
      async () => {
        const records = (await (await fetch(`${sandbox.adminUrl}/phones/${phone.pn}/sent?wait=2000`)).json()) as Array<{ text?: string; recipient: { pn?: string } }>
        const record = records.find((r) => r.text === 'Hello from the dashboard')
        if (!record) throw new Error('the sandbox has not received the text yet')
        return record
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    )
    expect(sent.recipient.pn).toBe(contact.pn)
    await page().getByTestId('thread').getByText('Hello from the dashboard').waitFor()

    // An uploaded picture, with the text box as its caption.
    await page().getByLabel('Message', { exact: true }).fill('A picture')
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: /Upload a file/ }).click()])
    await chooser.setFiles({ name: 'blue.jpg', mimeType: 'image/jpeg', buffer: (await pictures()).jpg })
    await eventually(
      async () => {
        const records = (await (await fetch(`${sandbox.adminUrl}/phones/${phone.pn}/sent?wait=2000`)).json()) as Array<{ type: string; text?: string }>
        if (!records.some((r) => r.type === 'media' && r.text === 'A picture')) throw new Error('the sandbox has not received the picture yet')
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    )

    // The contact answers through the sandbox API: it appears without a reload.
    const answer = await fetch(`${sandbox.adminUrl}/contacts/${contact.pn}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: phone.pn, text: 'Hi, this is Adit' }),
    })
    expect(answer.status).toBe(201)
    await page().getByTestId('thread').getByText('Hi, this is Adit').waitFor({ timeout: 20_000 })

    // Sandbox mode: write as the contact from the browser.
    await page().getByLabel(/Write as Adit/).fill('Typed as the contact')
    await page().getByRole('button', { name: 'Send as contact' }).click()
    await page().getByTestId('thread').getByText('Typed as the contact').waitFor({ timeout: 20_000 })
    await page().getByTestId('chat-item').filter({ hasText: 'Typed as the contact' }).waitFor()

    // A longer chat: the view follows the newest message, renders only the rows in view, and pages
    // older messages in (with `before`) as the reader scrolls up, back to the first one.
    for (let i = 1; i <= 60; i++) {
      const r = await fetch(`${sandbox.adminUrl}/contacts/${contact.pn}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: phone.pn, text: `Backlog ${i}` }),
      })
      expect(r.status).toBe(201)
    }
    await page()
      .getByTestId('thread')
      .getByText('Backlog 60', { exact: true })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        await page().screenshot({ path: path.join(SCREENSHOTS, 'failed-backlog.png') })
        throw new Error(`${(error as Error).message} (see failed-backlog.png)`)
      })
    expect(await page().getByTestId('message').count()).toBeLessThan(40)
    await eventually(
      async () => {
        await page().getByTestId('thread').evaluate((el) => el.scrollTo(0, 0))
        if ((await page().getByTestId('thread').getByText('Hello from the dashboard').count()) === 0) throw new Error('the first message is not paged in yet')
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    )
    await page().getByTestId('thread').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await page().getByTestId('thread').getByText('Backlog 60', { exact: true }).waitFor()
    await capture('chat')
  })

  it('edits and deletes for everyone a sent message from its menu, sends a poll, and pins a chat from the chat list', async () => {
    const thread = page().getByTestId('thread')
    await page().getByLabel('Message', { exact: true }).fill('Typo mesage')
    await page().keyboard.press('Enter')
    await thread.getByText('Typo mesage').waitFor({ timeout: 20_000 })
    const actions = (text: string) => page().getByTestId('message').filter({ hasText: text }).getByRole('button', { name: 'Message actions' })

    await actions('Typo mesage').click()
    await page().getByRole('menuitem', { name: 'Edit' }).click()
    const editor = page().getByRole('dialog', { name: 'Edit message' })
    await editor.getByLabel('New text').fill('Fixed message')
    await editor.getByRole('button', { name: 'Save edit' }).click()
    await thread.getByTestId('message').filter({ hasText: 'Fixed message' }).filter({ hasText: 'edited' }).waitFor({ timeout: 20_000 })
    await capture('chat-edited')

    await actions('Fixed message').click()
    await page().getByRole('menuitem', { name: 'Delete for everyone' }).click()
    await page().getByRole('dialog', { name: 'Delete for everyone?' }).getByRole('button', { name: 'Delete for everyone' }).click()
    // Deleted for everyone: gone from the chat (antiDelete is off), without a reload.
    await thread.getByText('Fixed message').waitFor({ state: 'detached', timeout: 20_000 })

    // A poll from the composer, shown with its options and vote counts.
    await page().getByRole('button', { name: /Attach media/ }).click()
    await page().getByRole('menuitem', { name: 'Create poll' }).click()
    await page().getByLabel('Poll question').fill('Lunch where?')
    const options = page().getByRole('combobox', { name: 'Poll options' })
    for (const option of ['Warung', 'Padang']) {
      await options.fill(option)
      await options.press('Enter')
    }
    await page().getByRole('button', { name: 'Send', exact: true }).click()
    const poll = thread.getByTestId('poll').filter({ hasText: 'Lunch where?' })
    await poll.waitFor({ timeout: 20_000 })
    await poll.getByText('Padang').waitFor()
    expect(await poll.getByTestId('poll-votes').allTextContents()).toEqual(['0 votes', '0 votes'])

    // The chat menu: pin, through POST /api/chat/modify; the mark comes back on the chat list.
    await page().getByRole('button', { name: /^Chat actions: / }).first().click()
    await page().getByRole('menuitem', { name: 'Pin' }).click()
    await page().getByTestId('chat-item').first().getByRole('img', { name: 'pinned' }).waitFor({ timeout: 20_000 })
    await capture('chat-actions')
  })

  it('checks numbers on the contacts page and lists the known contacts', async () => {
    await page().getByRole('link', { name: 'Contacts', exact: true }).click()
    await heading('Contacts')
    await page().getByLabel('Phone numbers').fill(`${contact.pn}\n19990001234`)
    await page().getByRole('button', { name: 'Check 2 numbers' }).click()
    const rows = page().getByTestId('check-row')
    await rows.filter({ hasText: contact.pn }).filter({ hasText: 'exists' }).waitFor({ timeout: 20_000 })
    await rows.filter({ hasText: '19990001234' }).filter({ hasText: 'not on WhatsApp' }).waitFor()
    await page().getByTestId('contact-row').first().waitFor({ timeout: 20_000 })
    await capture('contacts')
  })

  it("manages a group's participants in its detail panel", async () => {
    await page().getByRole('link', { name: 'Groups', exact: true }).click()
    await heading('Groups')
    await page().getByLabel('Subject').fill('Dashboard crew')
    const members = page().getByRole('combobox', { name: 'Participants' })
    await members.fill(contact.pn)
    await members.press('Enter')
    await page().getByRole('button', { name: 'Create group' }).click()
    await page().getByRole('button', { name: 'Manage Dashboard crew' }).click({ timeout: 30_000 })
    const panel = page().getByRole('dialog', { name: 'Group: Dashboard crew' })
    const member = panel.getByTestId('participant-row').filter({ hasText: contact.pn })
    await member.waitFor({ timeout: 20_000 })
    await member.getByRole('button', { name: /^Promote/ }).click()
    await member.getByText('admin', { exact: true }).waitFor({ timeout: 20_000 })
    await capture('group-detail')
    await page().keyboard.press('Escape')
    await panel.waitFor({ state: 'hidden' })
  })

  it('creates a webhook and shows its deliveries live', async () => {
    await page().getByRole('link', { name: 'Webhooks' }).click()
    await heading('Webhooks')
    await page().getByLabel('Name').fill('E2E receiver')
    await page().getByLabel('URL').fill(receiverUrl)
    await page().getByRole('button', { name: 'Create webhook' }).click()
    await heading('E2E receiver')
    webhookId = page().url().split('/webhooks/')[1]!
    await page().getByRole('button', { name: 'Reveal the secret' }).click()
    await page().getByTestId('webhook-secret').filter({ hasText: /^whsec_/ }).waitFor()

    await fetch(`${sandbox.adminUrl}/contacts/${contact.pn}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: phone.pn, text: 'For the webhook' }),
    })
    await page().getByTestId('delivery-row').filter({ hasText: 'message.received' }).filter({ hasText: 'delivered' }).first().waitFor({ timeout: 30_000 })
    expect(received.some((r) => r.event === 'message.received')).toBe(true)
    await page().getByRole('button', { name: 'Attempts' }).first().click()
    await page().getByText(/#1 .*: 200 in/).first().waitFor()
    await capture('webhook')
    await page().getByRole('link', { name: 'Webhooks' }).click()
    await page().getByRole('link', { name: 'E2E receiver' }).waitFor()
    await capture('webhooks')
  })

  it('every other page loads without errors, passes axe, and is photographed', async () => {
    const pages: Array<[string, string, string]> = [
      ['groups', '/groups', 'Groups'],
      ['broadcast', '/broadcast', 'Broadcast'],
      ['sticker', '/sticker', 'Sticker maker'],
      ['status', '/status', 'Status'],
      ['scheduler', '/scheduler', 'Scheduler'],
      ['autoreplies', '/autoreplies', 'Auto-replies'],
      ['api-key', '/api-key', 'API key'],
      ['audit', '/audit', 'Audit log'],
      ['account', '/account', 'Account'],
    ]
    for (const [name, route, title] of pages) {
      await page().getByRole('link', { name: title, exact: true }).first().click().catch(async () => page().goto(`${world.gateway.url}${route}`))
      await heading(title)
      if (name === 'scheduler') await page().getByTestId('server-time-zone').filter({ hasText: 'UTC' }).waitFor()
      if (name === 'autoreplies') {
        await page().locator('label').filter({ hasText: /^REGEX$/ }).click()
        await page().getByLabel(/^Pattern/).fill('(a)\\1')
        await page().getByLabel(/^Reply/).fill('never')
        await page().getByRole('button', { name: 'Add rule' }).click()
        await page().getByText(/backreference/i).first().waitFor()
      }
      await capture(name)
    }
  })

  it("keeps an OWNER out of another owner's session and the users page", async () => {
    await logout()
    await login(OTHER)
    expect(await page().getByRole('link', { name: 'Users' }).count()).toBe(0)
    await page().goto(`${world.gateway.url}/sessions/${sessionId}`)
    await page().getByRole('alert').filter({ hasText: /not found/i }).waitFor()
    await capture('session-not-found')
    await page().goto(`${world.gateway.url}/webhooks/${webhookId}`)
    await page().getByRole('alert').filter({ hasText: /not found/i }).waitFor()
    await page().goto(`${world.gateway.url}/users`)
    await page().getByRole('alert').filter({ hasText: /SUPERADMIN/ }).waitFor()
    await capture('users-forbidden')
    await page().goto(`${world.gateway.url}/sessions`)
    await page().getByText('No sessions yet').waitFor()
  })

  it('shows a SUPERADMIN the users page', async () => {
    await logout()
    await login(ADMIN)
    await page().getByRole('link', { name: 'Users' }).click()
    await heading('Users')
    await page().getByText(OWNER.email).first().waitFor()
    await capture('users')
  })

  it('had no console errors and no serious or critical axe violations', () => {
    expect(browser.errors.join('\n')).toBe('')
    expect(violations.join('\n')).toBe('')
  })
}, 180_000)
