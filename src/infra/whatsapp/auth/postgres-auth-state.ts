import { BufferJSON, initAuthCreds, proto, type AuthenticationCreds, type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys'
import type { Kysely } from 'kysely'
import type { SecretBox } from '../../../domain/ports/crypto.ts'
import type { IdentityMappedData } from '../../../domain/contacts/identity-events.ts'
import { readAuthKind } from './read-auth-kind.ts'
import { readAuthValues } from './read-auth-values.ts'
import type { WaAuthTables } from './tables.ts'
import { writeAuthValues, type AuthWrite } from './write-auth-values.ts'

const CREDS = 'creds'

export interface PostgresAuthState {
  readonly creds: AuthenticationCreds
  readonly keys: SignalKeyStore
  saveCreds(): Promise<void>
  /** The LID↔phone-number pairs Baileys has stored for this account (its 'lid-mapping' keys). */
  identities(): Promise<IdentityMappedData[]>
  /** The polls whose votes this account can decrypt (their secrets), by poll message id. */
  polls(): Promise<Map<string, unknown>>
  savePoll(id: string, poll: unknown): Promise<void>
}

/** A poll's secret is a key like the Signal ones: sealed at rest, gone with the credentials. */
const POLL = 'poll-secret'

/** Baileys keeps each pair twice: `<pn user>` → lid user, and `<lid user>_reverse` → pn user. */
const LID_MAPPING = 'lid-mapping'
const REVERSE = '_reverse'

/**
 * Baileys' auth state in Postgres (or PGlite): credentials and Signal keys, each serialised with
 * Baileys' BufferJSON and sealed with the gateway key. Nothing goes to disk as a file.
 */
export async function loadPostgresAuthState(db: Kysely<WaAuthTables>, box: SecretBox, sessionId: string): Promise<PostgresAuthState> {
  const seal = (value: unknown) => box.seal(JSON.stringify(value, BufferJSON.replacer))
  const open = (sealed: string) => JSON.parse(box.open(sealed), BufferJSON.reviver) as unknown

  const stored = (await readAuthValues(db, sessionId, CREDS, [''])).get('')
  const creds: AuthenticationCreds = stored ? (open(stored) as AuthenticationCreds) : initAuthCreds()

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await readAuthValues(db, sessionId, type, ids)
      const result: { [id: string]: SignalDataTypeMap[T] } = {}
      for (const [id, sealed] of found) {
        let value = open(sealed)
        if (type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value as object)
        result[id] = value as SignalDataTypeMap[T]
      }
      return result
    },
    async set(data: SignalDataSet) {
      const writes: AuthWrite[] = []
      for (const [kind, values] of Object.entries(data)) {
        for (const [keyId, value] of Object.entries(values ?? {})) writes.push({ kind, keyId, sealed: value ? seal(value) : null })
      }
      await writeAuthValues(db, sessionId, writes)
    },
  }

  return {
    creds,
    keys,
    saveCreds: () => writeAuthValues(db, sessionId, [{ kind: CREDS, keyId: '', sealed: seal(creds) }]),
    async polls() {
      const stored = await readAuthKind(db, sessionId, POLL)
      return new Map([...stored].map(([id, sealed]) => [id, open(sealed)]))
    },
    savePoll: (id, poll) => writeAuthValues(db, sessionId, [{ kind: POLL, keyId: id, sealed: seal(poll) }]),
    async identities() {
      const reverse = await readAuthKind(db, sessionId, LID_MAPPING, REVERSE)
      return [...reverse].flatMap(([keyId, sealed]) => {
        const pnUser = open(sealed)
        const lidUser = keyId.slice(0, -REVERSE.length)
        return typeof pnUser === 'string' && /^\d+$/.test(pnUser) && /^\d+$/.test(lidUser) ? [{ lid: `${lidUser}@lid`, pn: `${pnUser}@s.whatsapp.net` }] : []
      })
    },
  }
}
