import type { StoredEvent } from './event-store.ts'

/**
 * The bus port: committed events to every node, and commands to the node that serves an address
 * (a session's owner). In-process when embedded, NATS when several nodes share the work.
 */

/** A command travelling to the node that owns its target. Plain JSON. */
export interface BusCommand {
  readonly type: string
  readonly [key: string]: unknown
}

export type BusCommandHandler = (command: BusCommand) => Promise<unknown>

export type EventsListener = (events: readonly StoredEvent[]) => void

export interface Bus {
  /** Announce committed events to every node, this one included. Live only: durable consumers read the store. */
  publishEvents(events: readonly StoredEvent[]): Promise<void>
  /** Committed events from every node as they are announced. Returns the unsubscribe function. */
  onEvents(listener: EventsListener): () => void
  /** Serve commands sent to `address` from this node until the returned function is called. */
  serve(address: string, handler: BusCommandHandler): Promise<() => Promise<void>>
  /** Send a command to whoever serves `address`; rejects with NoResponderError when nobody does. */
  request<Reply = unknown>(address: string, command: BusCommand, options?: { timeoutMs?: number }): Promise<Reply>
  /** Fails when the bus cannot be reached: for readiness. */
  ping(): Promise<void>
  close(): Promise<void>
}

export class NoResponderError extends Error {
  readonly code = 'NO_RESPONDER'
  readonly address: string
  constructor(address: string) {
    super(`no node serves ${address}`)
    this.name = 'NoResponderError'
    this.address = address
  }
}

/** An error thrown by a command handler on another node, with its name, code and message kept. */
export class RemoteCommandError extends Error {
  readonly code: string | undefined
  constructor(name: string, message: string, code?: string) {
    super(message)
    this.name = name
    this.code = code
  }
}
