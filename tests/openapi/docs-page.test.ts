import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

/** Debian's Chromium, never a downloaded browser; Playwright adds --headless and a fresh --user-data-dir. */
const CHROMIUM = '/usr/bin/chromium'
const haveChromium = existsSync(CHROMIUM)
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors and uncaught exceptions (a CSP violation is one). */
  readonly errors: string[]
  close(): Promise<void>
}

async function openBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wag-docs-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } })
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`))
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

if (!haveChromium) console.warn('openapi: SKIPPED the /docs page test in Chromium (no /usr/bin/chromium; apt-get install chromium)')

describe.skipIf(!haveChromium)('/docs in Chromium', () => {
  let gw: TestGateway
  let browser: Browser
  beforeAll(async () => {
    gw = await startTestGateway()
    browser = await openBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await gw?.close()
  })

  it('renders every operation of /openapi.json from the local swagger-ui files, without errors', async () => {
    const { page, errors } = browser
    const external: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(gw.url) && !request.url().startsWith('data:')) external.push(request.url())
    })
    await page.goto(`${gw.url}/docs`)
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 })
    expect(await page.locator('.info .title').innerText()).toContain('wa-gateway')

    const operations = await page.locator('.opblock').count()
    expect(operations).toBe(gw.gateway.routes.length)
    const summaries = await page.locator('.opblock-summary-path').allInnerTexts()
    expect(summaries.map((s) => s.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/api/sessions', '/api/sessions/{id}', '/api/chat/send', '/metrics']))

    // One operation opened: its parameter and the error shape are there.
    const one = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/api/sessions/{id}"]') })
    await one.locator('.opblock-summary').click()
    await one.locator('.parameters').waitFor()
    expect(await one.locator('.parameters').innerText()).toMatch(/\bid\b/)
    expect(await one.locator('.responses-wrapper').innerText()).toContain('401')
    await page.screenshot({ path: path.join(tmpdir(), 'wag-docs.png') })
    // The API key and the session cookie are offered to authorize with.
    expect(await page.locator('.auth-wrapper .authorize').count()).toBe(1)
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
