import type { QueryClient } from '@tanstack/react-query'
import { io, type Socket } from 'socket.io-client'
import type { Session } from './types.ts'

type Listener = (event: string, payload: Record<string, unknown>) => void

/**
 * The gateway's Socket.io stream, one connection per tab (authenticated by the login cookie). It
 * joins the room of every session the user sees and keeps the query cache live: session status and
 * QR are written into the cache; messages and other events mark the affected queries stale.
 */
export class LiveUpdates {
  readonly #socket: Socket
  readonly #client: QueryClient
  readonly #joined = new Set<string>()
  readonly #listeners = new Set<Listener>()
  connected = false
  readonly #statusListeners = new Set<(connected: boolean) => void>()

  constructor(client: QueryClient) {
    this.#client = client
    this.#socket = io({ withCredentials: true, transports: ['websocket', 'polling'] })
    this.#socket.on('connect', () => {
      this.#setConnected(true)
      // A reconnect starts with no rooms: join them again.
      const rooms = [...this.#joined]
      this.#joined.clear()
      this.join(rooms)
    })
    this.#socket.on('disconnect', () => this.#setConnected(false))
    this.#socket.on('connect_error', () => this.#setConnected(false))
    this.#socket.onAny((event: string, payload: Record<string, unknown>) => this.#onEvent(event, payload))
  }

  join(sessionIds: Iterable<string>): void {
    for (const sessionId of sessionIds) {
      if (this.#joined.has(sessionId)) continue
      this.#joined.add(sessionId)
      if (this.#socket.connected) this.#socket.emit('join-session', { sessionId })
    }
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.#statusListeners.add(listener)
    return () => this.#statusListeners.delete(listener)
  }

  close(): void {
    this.#socket.close()
  }

  #setConnected(connected: boolean): void {
    this.connected = connected
    for (const listener of this.#statusListeners) listener(connected)
  }

  #onEvent(event: string, payload: Record<string, unknown>): void {
    const sessionId = typeof payload?.sessionId === 'string' ? payload.sessionId : undefined
    if (!sessionId) return
    const client = this.#client
    if (event === 'connection.update' || event === 'qr') {
      const patch: Partial<Session> =
        event === 'qr'
          ? { qr: (payload.qr as string | null) ?? null }
          : {
              status: payload.status as Session['status'],
              qr: (payload.qr as string | null) ?? null,
              ...(payload.reason !== undefined ? { statusReason: payload.reason as string } : {}),
              ...(payload.pairingCode !== undefined ? { pairingCode: payload.pairingCode as string } : {}),
              ...(payload.me !== undefined ? { me: payload.me as Session['me'] } : {}),
            }
      client.setQueryData<Session[]>(['sessions'], (old) => old?.map((s) => (s.sessionId === sessionId ? { ...s, ...patch } : s)))
      client.setQueryData<Session>(['session', sessionId], (old) => (old ? { ...old, ...patch } : old))
    } else if (event === 'message') {
      void client.invalidateQueries({ queryKey: ['chats', sessionId] })
      const jid = typeof payload.remoteJid === 'string' ? payload.remoteJid : undefined
      void client.invalidateQueries({ queryKey: jid ? ['messages', sessionId, jid] : ['messages', sessionId] })
    } else if (event.startsWith('message.') || event === 'poll.vote') {
      void client.invalidateQueries({ queryKey: ['messages', sessionId] })
      void client.invalidateQueries({ queryKey: ['chats', sessionId] })
    } else if (event === 'chat.update') {
      void client.invalidateQueries({ queryKey: ['chats', sessionId] })
    } else if (event.startsWith('broadcast.')) {
      void client.invalidateQueries({ queryKey: ['broadcast'] })
    } else if (event.startsWith('group.')) {
      void client.invalidateQueries({ queryKey: ['groups'] })
    } else if (event.startsWith('schedule')) {
      void client.invalidateQueries({ queryKey: ['schedules'] })
    } else if (event.startsWith('session.')) {
      void client.invalidateQueries({ queryKey: ['sessions'] })
    } else if (event.startsWith('contact.')) {
      void client.invalidateQueries({ queryKey: ['chats', sessionId] })
      void client.invalidateQueries({ queryKey: ['contacts', sessionId] })
    }
    for (const listener of this.#listeners) listener(event, payload)
  }
}
