import type { ColumnType } from 'kysely'
import type { Role } from '../../domain/identity/caller.ts'

export interface UsersTable {
  id: string
  email: string
  role: Role
  disabled: boolean
  password_hash: string
  /** Still the password the gateway generated (never changed since). */
  password_generated: ColumnType<boolean, boolean | undefined, boolean>
  assigned_session_ids: ColumnType<string[], string, string>
  created_at: Date
  updated_at: Date
}

export interface ApiKeysTable {
  user_id: string
  key_id: string
  key_hash: string
  sealed_key: string
  prefix: string
  created_at: Date
}

export interface LoginSessionsTable {
  token_hash: string
  user_id: string
  expires_at: Date
  created_at: Date
}

export interface UsersTables {
  users: UsersTable
  api_keys: ApiKeysTable
  login_sessions: LoginSessionsTable
}
