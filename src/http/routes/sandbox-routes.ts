import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { GetSession } from '../../app/sessions/list-sessions.ts'
import { callerOf } from '../auth/request-auth.ts'
import { HttpError } from '../http-error.ts'
import { route } from '../route.ts'

/** Phones and contacts as the sandbox admin API lists them (the fields the dashboard shows). */
interface SandboxUser {
  readonly pn: string
  readonly jid: string
  readonly name?: string
}

const phoneNumber = z.string().regex(/^\+?\d{5,15}$/, 'must be a phone number, digits only')

/**
 * Mounted only under `npm run sandbox` (SANDBOX_ADMIN_URL): lets the dashboard play the virtual phone
 * and its contacts through the sandbox's admin API, so a newcomer can try everything in the browser.
 * Each route still checks that the caller may see the session it acts on.
 */
export function sandboxRoutes(app: AppContext, adminUrl: string) {
  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response
    try {
      response = await fetch(`${adminUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      })
    } catch {
      throw new HttpError(502, `the sandbox at ${adminUrl} does not answer; is npm run sandbox still running?`)
    }
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string }
    if (!response.ok) throw new HttpError(response.status >= 500 ? 502 : 409, `the sandbox refused: ${answer.error ?? response.status}`)
    return answer
  }
  const users = (list: SandboxUser[]) => list.map(({ pn, jid, name }) => ({ pn, jid, name: name ?? null }))

  return [
    route({
      method: 'get',
      path: '/api/sandbox',
      access: 'authenticated',
      summary: "Sandbox mode only: the sandbox's virtual phones and contacts",
      handle: async () => ({
        sandbox: true,
        phones: users(await admin<SandboxUser[]>('GET', '/phones')),
        contacts: users(await admin<SandboxUser[]>('GET', '/contacts')),
      }),
    }),
    route({
      method: 'post',
      path: '/api/sandbox/scan',
      access: 'authenticated',
      summary: "Sandbox mode only: scan a session's QR with a virtual phone",
      body: z.object({ sessionId: z.string().min(1).max(64), phone: phoneNumber.optional() }).strict(),
      handle: async ({ ctx, body }) => {
        const session = await app.queries.execute(new GetSession(callerOf(ctx), body.sessionId))
        if (!session.qr) throw new HttpError(409, `session ${session.sessionId} shows no QR right now (it is ${session.status}); start it first`)
        const phone = body.phone ?? (await admin<SandboxUser[]>('GET', '/phones'))[0]?.pn
        if (!phone) throw new HttpError(409, 'the sandbox has no virtual phone; restart npm run sandbox')
        return admin('POST', `/phones/${encodeURIComponent(phone)}/scan`, { qr: session.qr })
      },
    }),
    route({
      method: 'post',
      path: '/api/sandbox/messages',
      access: 'authenticated',
      summary: "Sandbox mode only: a sandbox contact writes to the session's phone",
      body: z.object({ sessionId: z.string().min(1).max(64), contact: phoneNumber, text: z.string().min(1).max(4096) }).strict(),
      handle: async ({ ctx, body }) => {
        const session = await app.queries.execute(new GetSession(callerOf(ctx), body.sessionId))
        const phone = session.me?.jid.match(/^(\d+)/)?.[1]
        if (!phone) throw new HttpError(409, `session ${session.sessionId} is not linked to a phone yet; scan its QR first`)
        return admin('POST', `/contacts/${encodeURIComponent(body.contact)}/messages`, { to: phone, text: body.text })
      },
    }),
  ]
}
