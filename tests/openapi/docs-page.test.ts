import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haveChromium, openBrowser, type Browser } from '../support/browser.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

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
    await page.screenshot({ path: 'reports/screenshots/docs-desktop.png' })
    // The API key and the session cookie are offered to authorize with.
    expect(await page.locator('.auth-wrapper .authorize').count()).toBe(1)
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
