import { useQuery, useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useState } from 'react'
import { ApiError, get } from './client.ts'
import { useServerInfo } from './server-info.ts'
import type { LiveUpdates } from './socket.ts'
import type { Me, Sandbox, Session } from './types.ts'

export const useMe = () =>
  useQuery({
    queryKey: ['me'],
    queryFn: () => get<Me>('/api/auth/me').catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }),
    staleTime: 60_000,
  })

export const useSessions = () => useQuery({ queryKey: ['sessions'], queryFn: () => get<Session[]>('/api/sessions') })

/** Null unless the gateway runs under `npm run sandbox` (the route is only mounted there). */
export const useSandbox = () => {
  const info = useServerInfo()
  return useQuery({
    queryKey: ['sandbox'],
    queryFn: () => get<Sandbox>('/api/sandbox'),
    enabled: info.data?.sandbox === true,
    staleTime: 60_000,
  })
}

export const LiveContext = createContext<LiveUpdates | null>(null)

/** Calls `handler` for every live event (after the cache is updated). */
export function useLiveEvent(handler: (event: string, payload: Record<string, unknown>) => void): void {
  const live = useContext(LiveContext)
  useEffect(() => live?.subscribe(handler), [live, handler])
}

export function useLiveConnected(): boolean {
  const live = useContext(LiveContext)
  const [connected, setConnected] = useState(live?.connected ?? false)
  useEffect(() => {
    setConnected(live?.connected ?? false)
    return live?.onStatus(setConnected)
  }, [live])
  return connected
}

const CURRENT_KEY = 'wag.currentSession'

/** The session the pages act on, chosen in the header and remembered in this browser. */
export function useCurrentSession(): { session: Session | undefined; sessions: Session[]; setCurrent: (sessionId: string) => void; isLoading: boolean } {
  const { data: sessions = [], isLoading } = useSessions()
  const client = useQueryClient()
  const stored = client.getQueryData<string>(['current-session']) ?? localStorage.getItem(CURRENT_KEY) ?? undefined
  const [, rerender] = useState(0)
  const session = sessions.find((s) => s.sessionId === stored) ?? sessions.find((s) => s.status === 'CONNECTED') ?? sessions[0]
  useEffect(() => {
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.query.queryKey[0] === 'current-session') rerender((n) => n + 1)
    })
    return unsubscribe
  }, [client])
  return {
    session,
    sessions,
    isLoading,
    setCurrent: (sessionId) => {
      localStorage.setItem(CURRENT_KEY, sessionId)
      client.setQueryData(['current-session'], sessionId)
    },
  }
}
