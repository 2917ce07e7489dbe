/**
 * Test helpers: real Baileys sockets against the sandbox, with an in-memory auth state.
 */
import makeWASocket, { BufferJSON, initAuthCreds } from '@whiskeysockets/baileys'
import type {
  AuthenticationCreds,
  AuthenticationState,
  BaileysEventMap,
  ConnectionState,
  SignalDataTypeMap,
  UserFacingSocketConfig,
  WASocket,
} from '@whiskeysockets/baileys'
import pino from 'pino'

/** The sandbox's logger in tests: silent unless SANDBOX_LOG_LEVEL is set (e.g. debug, trace). */
export const sandboxLogger = () => pino({ level: process.env.SANDBOX_LOG_LEVEL ?? 'silent' })

/** Baileys auth state kept in memory; `clone()` round-trips it through JSON as a real store would. */
export type MemoryAuth = { state: AuthenticationState; clone(): MemoryAuth }

export function memoryAuth(
  creds: AuthenticationCreds = initAuthCreds(),
  data: Map<string, unknown> = new Map(),
): MemoryAuth {
  const keyOf = (type: string, id: string) => `${type}/${id}`
  const state: AuthenticationState = {
    creds,
    keys: {
      get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const out: { [id: string]: SignalDataTypeMap[T] } = {}
        for (const id of ids) {
          const value = data.get(keyOf(type, id))
          if (value !== undefined) out[id] = value as SignalDataTypeMap[T]
        }
        return out
      },
      set(update) {
        for (const [type, entries] of Object.entries(update)) {
          for (const [id, value] of Object.entries(entries ?? {})) {
            if (value === null || value === undefined) data.delete(keyOf(type, id))
            else data.set(keyOf(type, id), value)
          }
        }
      },
    },
  }
  return {
    state,
    clone() {
      const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value, BufferJSON.replacer), BufferJSON.reviver)
      return memoryAuth(copy(state.creds), new Map([...data].map(([k, v]) => [k, copy(v)])))
    },
  }
}

export type Client = {
  sock: WASocket
  auth: MemoryAuth
  /** Every connection.update, in order. */
  updates: Partial<ConnectionState>[]
  /** Resolves with the first event of `name` (past or future) for which `match` returns true. */
  waitFor<K extends keyof BaileysEventMap>(name: K, match?: (event: BaileysEventMap[K]) => boolean, timeoutMs?: number): Promise<BaileysEventMap[K]>
  events<K extends keyof BaileysEventMap>(name: K): BaileysEventMap[K][]
  close(): Promise<void>
}

const WATCHED: (keyof BaileysEventMap)[] = [
  'connection.update',
  'creds.update',
  'messaging-history.set',
  'messages.upsert',
  'messages.update',
  'message-receipt.update',
  'groups.upsert',
  'groups.update',
  'group-participants.update',
  'contacts.update',
]

export function connect(wsUrl: string, auth: MemoryAuth, config: Partial<UserFacingSocketConfig> = {}): Client {
  const sock = makeWASocket({
    waWebSocketUrl: wsUrl,
    auth: auth.state,
    logger: pino({ level: process.env.BAILEYS_LOG_LEVEL ?? 'silent' }),
    markOnlineOnConnect: false,
    ...config,
  })
  const seen = new Map<keyof BaileysEventMap, unknown[]>()
  const waiters = new Set<{ name: keyof BaileysEventMap; match: (e: never) => boolean; resolve: (e: never) => void }>()
  for (const name of WATCHED) {
    seen.set(name, [])
    sock.ev.on(name, (event: unknown) => {
      seen.get(name)!.push(event)
      for (const waiter of [...waiters]) {
        if (waiter.name === name && waiter.match(event as never)) {
          waiters.delete(waiter)
          waiter.resolve(event as never)
        }
      }
    })
  }
  const client: Client = {
    sock,
    auth,
    updates: seen.get('connection.update') as Partial<ConnectionState>[],
    events: name => (seen.get(name) ?? []) as never,
    waitFor(name, match = () => true, timeoutMs = 15_000) {
      const past = (seen.get(name) ?? []).find(e => match(e as never))
      if (past) return Promise.resolve(past as never)
      return new Promise((resolve, reject) => {
        const waiter = { name, match: match as (e: never) => boolean, resolve: resolve as (e: never) => void }
        waiters.add(waiter)
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`timed out waiting for ${name}`))
        }, timeoutMs).unref()
      })
    },
    async close() {
      if (client.updates.some(isClose)) return
      const closed = client.waitFor('connection.update', isClose)
      await sock.end(undefined)
      await closed
    },
  }
  return client
}

export const isOpen = (u: Partial<ConnectionState>) => u.connection === 'open'
export const isClose = (u: Partial<ConnectionState>) => u.connection === 'close'
export const closeCode = (u: Partial<ConnectionState>) =>
  (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode

/** Links a fresh client to `phone` by QR and returns it logged in (after the 515 restart). */
export async function pairClient(
  sandbox: { wsUrl: string; api: { scanQr(phone: string, qr: string): Promise<unknown> } },
  phone: string,
  config: Partial<UserFacingSocketConfig> = {},
  auth: MemoryAuth = memoryAuth(),
): Promise<Client> {
  const pairing = connect(sandbox.wsUrl, auth, config)
  const { qr } = await pairing.waitFor('connection.update', u => !!u.qr)
  await sandbox.api.scanQr(phone, qr!)
  await pairing.waitFor('connection.update', isClose)
  const client = connect(sandbox.wsUrl, auth, config)
  await client.waitFor('connection.update', isOpen)
  return client
}

/** Polls `condition` until it holds (hang guard: `timeoutMs`). */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}
