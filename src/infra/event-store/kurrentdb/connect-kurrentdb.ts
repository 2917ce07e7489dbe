import { KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { Logger } from 'pino'
import { KurrentDbEventStore } from './kurrentdb-event-store.ts'
import { readHeadPosition } from './read-head-position.ts'

/** How long the start waits for KurrentDB before giving up. */
export const CONNECT_TIMEOUT_MS = 10_000

/** KURRENTDB_URL is set but the store cannot be used: the gateway must not start on it. */
export class KurrentDbUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `cannot reach KurrentDB at ${redacted(url)} (KURRENTDB_URL): ${describe(cause)}. ` +
        'Start KurrentDB there (README, "KurrentDB"), correct KURRENTDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false for an insecure single node), ' +
        'or unset KURRENTDB_URL to keep the events in Postgres.',
      { cause },
    )
    this.name = 'KurrentDbUnavailableError'
  }
}

/**
 * Opens the KurrentDB event store, after a bounded check that the server answers: reading the head of
 * $all, which also proves the credentials may read it. Fails with what to do rather than starting on
 * a store that is not there.
 */
export async function connectKurrentDb(url: string, options: { logger?: Pick<Logger, 'warn'>; timeoutMs?: number } = {}): Promise<KurrentDbEventStore> {
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS
  let client: KurrentDBClient
  try {
    client = KurrentDBClient.connectionString(url)
  } catch (error) {
    throw new KurrentDbUnavailableError(url, error)
  }
  let timer: NodeJS.Timeout | undefined
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    await Promise.race([readHeadPosition(client, { deadline: timeoutMs }), timeout])
  } catch (error) {
    await client.dispose().catch(() => {})
    throw new KurrentDbUnavailableError(url, error)
  } finally {
    clearTimeout(timer)
  }
  return new KurrentDbEventStore(client, { logger: options.logger })
}

/** The URL without its password, for messages and logs. */
export function redacted(url: string): string {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@')
}

/** The client's errors often carry only their class name: say what it means. */
const MEANINGS: Record<string, string> = {
  unavailable: 'no server answers there (connection refused, or KurrentDB is not up yet)',
  'deadline-exceeded': 'the server did not answer in time',
  'access-denied': 'access denied: check the user and password in the connection string',
  'not-leader': 'the node is not the leader: use a kurrentdb+discover:// string for a cluster',
}

function describe(error: unknown): string {
  const { type, message } = (error ?? {}) as { type?: string; message?: string }
  const meaning = type ? MEANINGS[type] : undefined
  const text = message?.trim() ?? String(error)
  if (meaning) return /^[A-Z][A-Za-z]*Error$/.test(text) ? meaning : `${meaning}; ${text}`
  return text === '' ? 'unknown error' : text
}
