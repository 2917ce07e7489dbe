import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (the `chromium` package); CI installs it. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium'
export const haveChromium = existsSync(CHROMIUM)

// Playwright adds --headless and the (fresh, temporary) --user-data-dir itself.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

export interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors and uncaught exceptions the pages produced. */
  readonly errors: string[]
  close(): Promise<void>
}

/**
 * The browser's own log line for an HTTP error answer the page handles and shows (401 before login,
 * 404 for /api/sandbox outside sandbox mode, 403/404 for another tenant's data): not a page error.
 */
const HANDLED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of (401|403|404|409)\b/
/** The refused REGEX rule the test submits on purpose (the page shows the reason by the field). */
const HANDLED_REFUSAL = { status: /status of 400\b/, url: /\/api\/autoreplies$/ }

export async function openBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wag-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: DESKTOP })
  context.setDefaultTimeout(10_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error' || HANDLED_HTTP_ERROR.test(message.text())) return
    if (HANDLED_REFUSAL.status.test(message.text()) && HANDLED_REFUSAL.url.test(message.location().url)) return
    errors.push(`console: ${message.text()} (${message.location().url})`)
  })
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

/** Serious and critical axe violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}
