/**
 * Where sessions run. A session runs on exactly one node: the one holding its claim. Embedded, that
 * is always this node; with NATS, a claim is a lease in a KV bucket that expires when its node dies.
 */
export interface SessionPlacement {
  /** Claims the session for this node. False when another live node holds it. */
  claim(sessionId: string): Promise<boolean>
  /** Gives the session up (on stop or shutdown), so another node may take it at once. */
  release(sessionId: string): Promise<void>
  /** Told when this node loses a claim it held (its lease was taken over): stop that session here. */
  onLost(listener: (sessionId: string) => void): void
  close(): Promise<void>
}
