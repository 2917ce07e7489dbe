import type { ColumnType } from 'kysely'

export interface ContactIdentitiesTable {
  session_id: string
  lid: string
  pn: string
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface ContactIdentitiesTables {
  contact_identities: ContactIdentitiesTable
}
