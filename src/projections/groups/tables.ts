import type { ColumnType } from 'kysely'
import type { GroupParticipant } from '../../domain/messages/message-events.ts'

export interface GroupsTable {
  session_id: string
  jid: string
  id: string
  subject: string | null
  description: string | null
  owner_jid: string | null
  participants: ColumnType<GroupParticipant[], string, string>
  creation: Date | null
  restrict: boolean
  announce: boolean
  invite_code: string | null
  /** This account is no longer a member. */
  left: boolean
  updated_at: Date
}

export interface GroupsTables {
  groups: GroupsTable
}
