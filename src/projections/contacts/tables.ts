import type { ColumnType } from 'kysely'

export interface ContactsTable {
  session_id: string
  /** Canonical: the phone-number JID when known, else the LID. */
  jid: string
  name: string | null
  notify: string | null
  profile_pic: string | null
  blocked: ColumnType<boolean, boolean | undefined, boolean>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface ContactsTables {
  contacts: ContactsTable
}
