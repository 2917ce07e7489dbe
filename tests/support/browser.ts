import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'

/** Debian's Chromium (the `chromium` package); CI installs it. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium'
export const haveChromium = existsSync(CHROMIUM)

// Playwright adds --headless and the (fresh, temporary) --user-data-dir itself; the rest keeps
// Chromium off the network this machine does not have.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

export interface Browser {
  readonly context: BrowserContext
  readonly page: Page
  /** Console errors and uncaught exceptions the pages produced (a CSP violation is one). */
  readonly errors: string[]
  close(): Promise<void>
}

export interface BrowserOptions {
  /** Console errors that are expected (e.g. an HTTP error answer the page handles and shows). */
  readonly expected?: (message: ConsoleMessage) => boolean
}

/** A headless Chromium with a fresh profile that collects the page's errors. */
export async function openBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wag-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: DESKTOP })
  context.setDefaultTimeout(10_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error' || options.expected?.(message)) return
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
