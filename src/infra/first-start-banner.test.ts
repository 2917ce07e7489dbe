import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { announceFirstAdmin, apiKeyCommand, FIRST_API_KEY, firstAdminBanner } from './first-start-banner.ts'
import { createLogger } from './logger.ts'

const admin = { email: 'admin@localhost', password: "p4ss'word", url: 'http://127.0.0.1:3030' }

function sink() {
  const chunks: string[] = []
  return { stream: new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }), text: () => chunks.join('') }
}

describe('first-start banner', () => {
  it('boxes the dashboard URL, the e-mail, the password and the API key command, every line the same width', () => {
    const lines = firstAdminBanner(admin).split('\n')
    expect(lines[0]).toMatch(/^╭─+╮$/)
    expect(lines.at(-1)).toMatch(/^╰─+╯$/)
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1)
    const text = lines.join('\n')
    expect(text).toContain('Dashboard  http://127.0.0.1:3030/')
    expect(text).toContain('E-mail     admin@localhost')
    expect(text).toContain("Password   p4ss'word")
    // Narrow enough for an 80-column terminal; the long command is below the box, to copy without borders.
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80)
  })

  it('quotes the password for the shell in the API key command', () => {
    expect(apiKeyCommand(admin)).toContain(`-d '{"email":"admin@localhost","password":"p4ss'\\''word"}'`)
  })

  it('writes the box when the logs are pretty, and one structured line when they are JSON', () => {
    const json = sink()
    const logger = pino({}, json.stream)
    const box = sink()
    announceFirstAdmin(logger.child({ nodeId: 'n' }), admin, box.stream)
    expect(box.text()).toBe('')
    expect(JSON.parse(json.text())).toMatchObject({ level: 40, email: 'admin@localhost', initialPassword: "p4ss'word", dashboardUrl: 'http://127.0.0.1:3030/' })

    const pretty = createLogger({ format: 'pretty', level: 'silent' })
    announceFirstAdmin(pretty.child({ nodeId: 'n' }), admin, box.stream)
    expect(box.text()).toContain(`${firstAdminBanner(admin)}\n${FIRST_API_KEY}\n${apiKeyCommand(admin)}\n`)
  })
})
