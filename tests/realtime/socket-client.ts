import { io, type Socket, type SocketOptions, type ManagerOptions } from 'socket.io-client'

/** A Socket.io client that records every event it hears, for assertions. */
export interface RecordingSocket {
  readonly socket: Socket
  readonly heard: Array<{ event: string; payload: any }>
  /** Resolves with the first event of that name (already heard or still to come) that matches. */
  next(event: string, match?: (payload: any) => boolean, timeoutMs?: number): Promise<any>
  /** Emits join-session with an acknowledgement. */
  join(sessionId: string): Promise<{ ok: boolean; sessionId?: string; status?: string; qr?: string | null; error?: string }>
  close(): void
}

export function connectSocket(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): RecordingSocket {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ...options })
  const heard: Array<{ event: string; payload: any }> = []
  const waiters = new Set<() => void>()
  socket.onAny((event: string, payload: unknown) => {
    heard.push({ event, payload })
    for (const wake of waiters) wake()
  })
  return {
    socket,
    heard,
    next(event, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = heard.find((h) => h.event === event && match(h.payload))
          if (!found) return false
          waiters.delete(check)
          clearTimeout(timer)
          resolve(found.payload)
          return true
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no ${event} within ${timeoutMs} ms; heard ${JSON.stringify(heard.map((h) => (h.payload?.status ? `${h.event}:${h.payload.status}${h.payload.reason ? `(${h.payload.reason})` : ''}` : h.event)))}`))
        }, timeoutMs)
        if (!check()) waiters.add(check)
      })
    },
    join(sessionId) {
      return socket.timeout(10_000).emitWithAck('join-session', { sessionId })
    },
    close: () => socket.close(),
  }
}

/** Resolves on connect, rejects with the server's reason on connect_error. */
export function connected(client: RecordingSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.socket.connected) return resolve()
    client.socket.once('connect', () => resolve())
    client.socket.once('connect_error', (error) => reject(error))
  })
}
