import type { SessionPlacement } from '../../domain/ports/placement.ts'

/** One node: every session is ours. */
export class LocalPlacement implements SessionPlacement {
  async claim(_sessionId: string): Promise<boolean> {
    return true
  }
  async release(_sessionId: string): Promise<void> {}
  onLost(): void {}
  async close(): Promise<void> {}
}
