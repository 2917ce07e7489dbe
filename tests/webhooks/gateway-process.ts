import type { ChildProcess } from 'node:child_process'
import { freePort, startNode, waitUntil } from '../support/processes.ts'

export interface GatewayProcess {
  readonly child: ChildProcess
  readonly url: string
  output(): string
  /** Ends the process at once, as a crash would: no shutdown, no flush. */
  kill(): Promise<void>
}

/** `npm start` (src/main.ts) in a child process; resolves once /readyz answers. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort()
  // The test run's own DATABASE_URL / NATS_URL must not leak in: empty means unset.
  const started = startNode('src/main.ts', { DATABASE_URL: '', NATS_URL: '', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' })
  const url = `http://127.0.0.1:${port}`
  await waitUntil('the gateway', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000).catch((error: Error) => {
    started.child.kill('SIGKILL')
    throw new Error(`${error.message}\n${started.output()}`)
  })
  return {
    child: started.child,
    url,
    output: started.output,
    async kill() {
      if (started.child.exitCode !== null || started.child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()))
      started.child.kill('SIGKILL')
      await exited
    },
  }
}
