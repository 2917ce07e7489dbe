import { useQuery } from '@tanstack/react-query'
import { get } from './client.ts'

export interface ServerInfo {
  timeZone: string
  now: string
  sandbox: boolean
  repeatedSendsEnabled: boolean
}

export const useServerInfo = () => useQuery({ queryKey: ['server-info'], queryFn: () => get<ServerInfo>('/api/server-info'), staleTime: 5 * 60_000 })
