/**
 * Preloaded into a gateway under measurement (`node --import bench/support/cpu-probe.ts src/main.ts`):
 * answers `{ probe: 'cpu', id }` on the IPC channel with this process's own `process.cpuUsage()`, so a
 * bench reads the gateway's CPU time and nobody else's, whatever checkout of the gateway it runs. It
 * imports nothing of the gateway on purpose: an older commit must be measurable the same way.
 */
interface CpuQuestion {
  readonly probe: 'cpu'
  readonly id: number
}

const isQuestion = (message: unknown): message is CpuQuestion => (message as CpuQuestion | null)?.probe === 'cpu'

if (process.send) {
  process.on('message', (message) => {
    if (isQuestion(message)) process.send!({ probe: 'cpu', id: message.id, usage: process.cpuUsage() })
  })
  // The channel must not keep the gateway alive once it wants to exit.
  process.channel?.unref()
}
