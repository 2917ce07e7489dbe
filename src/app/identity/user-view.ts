import type { Selectable } from 'kysely'
import type { UsersTable } from '../../projections/users/tables.ts'

/** A user as the API shows it: never a password hash. */
export interface UserView {
  id: string
  email: string
  role: UsersTable['role']
  disabled: boolean
  assignedSessionIds: string[]
  createdAt: string
  updatedAt: string
}

export function toUserView(row: Selectable<UsersTable>): UserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    assignedSessionIds: row.assigned_session_ids,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
