export interface WaAuthTable {
  session_id: string
  /** 'creds', or a Signal key type ('pre-key', 'session', 'sender-key', …). */
  kind: string
  key_id: string
  sealed: string
}

export interface WaAuthTables {
  wa_auth: WaAuthTable
}
