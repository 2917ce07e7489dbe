import { describe, expect, it } from 'vitest'
import { connectKurrentDb, KurrentDbUnavailableError, redacted } from './connect-kurrentdb.ts'
import { freePort } from '../../../../tests/support/processes.ts'

describe('connecting to KurrentDB at start', () => {
  it('fails with what to do when nothing answers at KURRENTDB_URL', async () => {
    const url = `kurrentdb://127.0.0.1:${await freePort()}?tls=false`
    const error = await connectKurrentDb(url, { timeoutMs: 30_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KurrentDbUnavailableError)
    const message = (error as Error).message
    expect(message).toContain(`cannot reach KurrentDB at ${url} (KURRENTDB_URL): no server answers there`)
    expect(message).toMatch(/unset KURRENTDB_URL to keep the events in Postgres/)
  })

  it('fails the same way on a connection string the client cannot parse', async () => {
    await expect(connectKurrentDb('kurrentdb://', { timeoutMs: 30_000 })).rejects.toBeInstanceOf(KurrentDbUnavailableError)
  })

  it('never shows the password of the connection string', () => {
    expect(redacted('kurrentdb://admin:changeit@db:2113?tls=false')).toBe('kurrentdb://admin:***@db:2113?tls=false')
    expect(redacted('kurrentdb://db:2113')).toBe('kurrentdb://db:2113')
  })
})
