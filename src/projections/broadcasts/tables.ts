import type { BroadcastStatus, RecipientStatus } from '../../domain/broadcast/broadcast-state.ts'

export interface BroadcastsTable {
  id: string
  session_id: string
  user_id: string
  message: string
  status: BroadcastStatus
  total: number
  sent: number
  failed: number
  created_at: Date
  updated_at: Date
}

export interface BroadcastRecipientsTable {
  broadcast_id: string
  position: number
  jid: string
  status: RecipientStatus
  message_id: string | null
  error: string | null
  updated_at: Date
}

export interface BroadcastsTables {
  broadcasts: BroadcastsTable
  broadcast_recipients: BroadcastRecipientsTable
}
