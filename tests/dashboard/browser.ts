import AxeBuilder from '@axe-core/playwright'
import type { ConsoleMessage, Page } from 'playwright-core'
import { openBrowser as openChromium, type Browser } from '../support/browser.ts'

export { DESKTOP, PHONE, haveChromium, type Browser } from '../support/browser.ts'

/**
 * The browser's own log line for an HTTP error answer the page handles and shows (401 before login,
 * 404 for /api/sandbox outside sandbox mode, 403/404 for another tenant's data): not a page error.
 */
const HANDLED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of (401|403|404|409)\b/
/** The refused REGEX rule the test submits on purpose (the page shows the reason by the field). */
const HANDLED_REFUSAL = { status: /status of 400\b/, url: /\/api\/autoreplies$/ }

const handled = (message: ConsoleMessage) =>
  HANDLED_HTTP_ERROR.test(message.text()) || (HANDLED_REFUSAL.status.test(message.text()) && HANDLED_REFUSAL.url.test(message.location().url))

/** Chromium for the dashboard: the error answers the pages handle are not counted as errors. */
export function openBrowser(): Promise<Browser> {
  return openChromium({ expected: handled })
}

/** Serious and critical axe violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}
