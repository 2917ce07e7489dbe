import type { Logger } from 'pino'
import { writesPretty } from './logger.ts'

export interface FirstAdmin {
  readonly email: string
  readonly password: string
  /** The dashboard, as a URL a browser on this machine can open. */
  readonly url: string
}

/** The line before the API key command, under the box. */
export const FIRST_API_KEY = 'An API key, in one step:'

/** The shell command that logs in and issues an API key (README, "Your first API key"). */
export function apiKeyCommand({ email, password, url }: FirstAdmin): string {
  const login = JSON.stringify({ email, password }).replace(/'/g, `'\\''`)
  return (
    `curl -sc wag.cookies -H 'Content-Type: application/json' -d '${login}' ${url}/api/auth/login >/dev/null &&\n` +
    `curl -sb wag.cookies -X POST -H 'Origin: ${url}' ${url}/api/user/api-key`
  )
}

/** The first-start credentials in a box that stands out among log lines (the command goes below it, to copy as it is). */
export function firstAdminBanner(admin: FirstAdmin): string {
  const lines = [
    'First start: created the SUPERADMIN',
    '',
    `Dashboard  ${admin.url}/`,
    `E-mail     ${admin.email}`,
    `Password   ${admin.password}`,
    '',
    'Shown only this once: log in and change it (or set ADMIN_EMAIL',
    'and ADMIN_PASSWORD before the first start).',
    'An API key in one step: the command below the box.',
  ]
  const width = Math.max(...lines.map((l) => l.length))
  const bar = '─'.repeat(width + 4)
  return [`╭${bar}╮`, ...lines.map((l) => `│  ${l.padEnd(width)}  │`), `╰${bar}╯`].join('\n')
}

/**
 * Tells the operator the generated first password: a box on a terminal, one structured warn line
 * (email, initialPassword, dashboardUrl) in JSON logs, where a box would only be noise.
 */
export function announceFirstAdmin(logger: Logger, admin: FirstAdmin, out: NodeJS.WritableStream = process.stdout): void {
  if (writesPretty(logger)) {
    logger.warn({ email: admin.email }, 'first start: created the SUPERADMIN with a generated password (below, shown only this once)')
    out.write(`\n${firstAdminBanner(admin)}\n${FIRST_API_KEY}\n${apiKeyCommand(admin)}\n\n`)
    return
  }
  logger.warn(
    { email: admin.email, initialPassword: admin.password, dashboardUrl: `${admin.url}/` },
    'first start: created the SUPERADMIN with a generated password, shown only this once; log in and change it, or set ADMIN_EMAIL and ADMIN_PASSWORD',
  )
}
