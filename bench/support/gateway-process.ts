import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { stopProcess, waitUntil } from '../../tests/support/processes.ts'

const CPU_PROBE = fileURLToPath(new URL('./cpu-probe.ts', import.meta.url))
/** What the child must be told explicitly, never inherit from the bench's shell. */
const NOT_INHERITED = ['DATABASE_URL', 'NATS_URL', 'KURRENTDB_URL', 'DATA_DIR', 'PORT', 'WA_WS_URL', 'GATEWAY_SECRET_KEY', 'METRICS_TOKEN']

export interface GatewayProcess {
  readonly url: string
  readonly child: ChildProcess
  /** The last output of the child, for errors. */
  output(): string
  /** CPU milliseconds (user + system) the gateway process has used so far, asked of the process itself. */
  cpuMs(): Promise<number>
  stop(): Promise<void>
}

/**
 * `node --import cpu-probe.ts src/main.ts` in `checkout` (any commit of the gateway, with its own
 * node_modules), configured by environment only, ready once /readyz answers.
 */
export async function startGatewayProcess(checkout: string, port: number, env: Record<string, string>): Promise<GatewayProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.includes(name)))
  const child = spawn(process.execPath, ['--import', CPU_PROBE, 'src/main.ts'], {
    cwd: checkout,
    env: { ...inherited, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let asked = 0
  const answers = new Map<number, (usage: NodeJS.CpuUsage) => void>()
  child.on('message', (message: { probe?: string; id?: number; usage?: NodeJS.CpuUsage }) => {
    if (message.probe === 'cpu' && message.id !== undefined) answers.get(message.id)?.(message.usage!)
  })
  const url = `http://127.0.0.1:${port}`
  const gateway: GatewayProcess = {
    url,
    child,
    output: () => output,
    async cpuMs() {
      const id = ++asked
      const usage = await new Promise<NodeJS.CpuUsage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the gateway in ${checkout} did not answer the CPU probe\n${output}`)), 10_000)
        answers.set(id, (u) => {
          clearTimeout(timer)
          resolve(u)
        })
        child.send({ probe: 'cpu', id })
      }).finally(() => answers.delete(id))
      return (usage.user + usage.system) / 1000
    },
    stop: () => stopProcess(child),
  }
  try {
    const ready = await waitUntil(`the gateway in ${checkout}`, async () => (child.exitCode !== null ? 'exited' : (await fetch(`${url}/readyz`)).ok ? 'ready' : undefined), 90_000)
    if (ready === 'exited') throw new Error(`the gateway in ${checkout} exited with ${child.exitCode}`)
  } catch (error) {
    await gateway.stop()
    throw new Error(`${(error as Error).message}\n${output}`)
  }
  return gateway
}
