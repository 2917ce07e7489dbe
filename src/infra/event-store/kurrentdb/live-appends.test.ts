import { KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { Logger } from 'pino'
import { describe, expect, it } from 'vitest'
import { LiveAppends } from './live-appends.ts'
import { freePort } from '../../../../tests/support/processes.ts'

describe('live wake-ups from a subscription to $all', () => {
  it('wakes the waiters when the subscription drops (an append may go unseen meanwhile), retries, and stops on close', async () => {
    const client = KurrentDBClient.connectionString(`kurrentdb://127.0.0.1:${await freePort()}?tls=false`)
    const warnings: string[] = []
    let woken!: () => void
    const wake = new Promise<void>((resolve) => (woken = resolve))
    const warn = ((_: unknown, message: string) => void warnings.push(message)) as Logger['warn']
    const live = new LiveAppends(client, () => woken(), { warn })
    try {
      await wake
      expect(warnings[0]).toMatch(/subscription to \$all dropped; resubscribing/)
    } finally {
      await live.close()
      await client.dispose()
    }
  })
})
