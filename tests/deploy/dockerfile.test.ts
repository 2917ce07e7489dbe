import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/)
      return { op: op!.toUpperCase(), args: rest.join(' ') }
    })
}

const dockerfile = instructions(readFileSync('deploy/Dockerfile', 'utf8'))
const stages = dockerfile.reduce<Array<Array<{ op: string; args: string }>>>((all, i) => {
  if (i.op === 'FROM') all.push([])
  all.at(-1)?.push(i)
  return all
}, [])

// No container engine here: the image is not built in tests. These check what the file promises.
describe('deploy/Dockerfile', () => {
  it('builds in one stage and runs from a second, both on Node 24 slim', () => {
    expect(dockerfile.find((i) => i.op === 'ARG')?.args).toBe('NODE_IMAGE=node:24-slim')
    expect(stages.map((s) => s[0]!.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE}'])
  })

  it('builds the dashboard and ships production dependencies only, checking that sharp and argon2 load', () => {
    const build = stages[0]!.filter((i) => i.op === 'RUN').map((i) => i.args)
    expect(build[0]).toMatch(/^npm ci --ignore-scripts/)
    expect(build).toContain('npm run prepare && test -f web/dist/index.html')
    const prune = build.find((r) => r.startsWith('npm prune'))!
    expect(prune).toContain('--omit=dev')
    expect(prune).toContain(`require('sharp'); require('argon2')`)
    const copies = stages[1]!.filter((i) => i.op === 'COPY').map((i) => i.args)
    expect(copies.every((c) => c.startsWith('--from=build'))).toBe(true)
    expect(copies.map((c) => c.split(' ').at(-1))).toEqual(['./node_modules', './package.json', './src', './web/dist'])
  })

  it('runs as a non-root user with DATA_DIR a volume, a healthcheck on /healthz, and node as PID 1', () => {
    const run = stages[1]!
    const last = (op: string) => run.filter((i) => i.op === op).at(-1)?.args
    expect(last('USER')).toBe('node')
    expect(last('ENV')).toContain('DATA_DIR=/data')
    expect(last('VOLUME')).toBe('["/data"]')
    expect(last('EXPOSE')).toBe('3030')
    expect(last('HEALTHCHECK')).toMatch(/CMD \["node", "-e", ".*\/healthz/)
    expect(last('CMD')).toBe('["node", "src/main.ts"]')
    // Everything after USER runs unprivileged; the volume's owner is set before it.
    expect(run.findIndex((i) => i.op === 'RUN' && i.args.includes('chown node:node /data'))).toBeLessThan(run.findIndex((i) => i.op === 'USER'))
  })

  it('.dockerignore keeps local state, secrets and dependencies out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim())
    for (const entry of ['.git', 'node_modules', 'data', '.env', 'web/dist']) expect(ignored).toContain(entry)
    for (const needed of ['src', 'web', 'package.json', 'package-lock.json']) expect(ignored).not.toContain(needed)
  })
})
