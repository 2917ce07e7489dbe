import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startNode, stopProcess, waitUntil } from '../support/processes.ts'

const run = promisify(execFile)
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/** The bash block under README's "Your first API key". */
async function readmeApiKeyBlock(): Promise<string> {
  const readme = await readFile('README.md', 'utf8')
  const section = readme.split(/^### /m).find((s) => s.startsWith('Your first API key'))
  const block = section && /```bash\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) throw new Error('README.md has no bash block under "### Your first API key"')
  return block
}

async function bash(script: string, cwd: string): Promise<string> {
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd })
  return stdout
}

// `npm start` as a new user runs it: main.ts, embedded, no ADMIN_PASSWORD, nothing but a data directory.
describe('a first start, as a new user tries it', () => {
  let gateway: ReturnType<typeof startNode> | undefined
  let dir: string | undefined
  afterAll(async () => {
    if (gateway) await stopProcess(gateway.child)
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  })

  it('prints the bound address, a boxed password, and an API key command that works as written, like the README\'s', async () => {
    // The README's command and the box's are curl, run as written: curl is this test's one system tool.
    await run('curl', ['--version']).catch(() => {
      throw new Error('tests/deploy/first-run.test.ts runs the README\'s curl command as written: install curl (Debian package curl)')
    })
    dir = await mkdtemp(path.join(tmpdir(), 'wag-first-run-'))
    gateway = startNode('src/main.ts', { PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(dir, 'data'), LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', ADMIN_EMAIL: '', ADMIN_PASSWORD: '' })
    const output = await waitUntil('the first-start box and its API key command', async () => {
      const text = gateway!.output().replace(ANSI, '')
      return /╰─+╯[\s\S]*\/api\/user\/api-key\n/.test(text) ? text : undefined
    }, 120_000)

    const listening = /gateway listening on 127\.0\.0\.1:(\d+): (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
    expect(listening, output).not.toBeNull()
    const url = listening![2]!
    expect(url).toBe(`http://127.0.0.1:${listening![1]}`)
    const box = output.slice(output.indexOf('╭'), output.indexOf('╯') + 1)
    expect(box).toContain(`Dashboard  ${url}/`)
    expect(box).toContain('E-mail     admin@localhost')
    const password = /Password {3}(\S+)/.exec(box)![1]!
    // Ordinary first-start lines only: nothing at error level.
    expect(output).not.toMatch(/\b(ERROR|FATAL)\b/)

    // The command under the box, exactly as printed.
    const after = output.slice(output.indexOf('╯') + 1).split('\n')
    const start = after.indexOf('An API key, in one step:') + 1
    expect(start).toBeGreaterThan(0)
    const command = after.slice(start, after.indexOf('', start)).join('\n')
    const fromBox = JSON.parse(await bash(command, dir)) as { apiKey: string }
    expect(fromBox.apiKey).toMatch(/^wag_/)

    // The README's block, with this start's address and password put in.
    const block = (await readmeApiKeyBlock()).replace('GW=http://127.0.0.1:3030', `GW=${url}`).replace("PASSWORD='the-generated-password'", `PASSWORD='${password}'`)
    const fromReadme = JSON.parse(await bash(block, dir)) as { apiKey: string }
    expect(fromReadme.apiKey).toMatch(/^wag_/)
    const me = await fetch(`${url}/api/auth/me`, { headers: { 'X-API-Key': fromReadme.apiKey } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ email: 'admin@localhost', role: 'SUPERADMIN' })

    // A graceful stop on SIGTERM.
    const exited = new Promise<number | null>((resolve) => gateway!.child.once('exit', (code) => resolve(code)))
    gateway.child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 180_000) // a whole process's first start (PGlite), slow on a busy machine
})
