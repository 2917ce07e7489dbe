import type { ContactIdentitiesTables } from '../projections/identities/tables.ts'
import type { ContactsTables } from '../projections/contacts/tables.ts'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SessionRegistry } from '../actors/session-registry.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import type { ProjectionRunner } from '../consumers/projection-runner.ts'
import type { AuditTables } from '../projections/audit/tables.ts'
import type { MessagesTables } from '../projections/messages/tables.ts'
import type { ChatsTables } from '../projections/chats/tables.ts'
import type { GroupsTables } from '../projections/groups/tables.ts'
import type { BroadcastsTables } from '../projections/broadcasts/tables.ts'
import type { SchedulesTables } from '../projections/scheduler/tables.ts'
import type { AutoRepliesTables } from '../reactors/autoreplies/tables.ts'
import type { RegexEngine } from '../domain/ports/regex-engine.ts'
import type { SessionsTables } from '../projections/sessions/tables.ts'
import type { UsersTables } from '../projections/users/tables.ts'
import type { WebhooksTables } from '../reactors/webhooks/tables.ts'
import type { ParkedEventsTables } from '../consumers/parking/tables.ts'
import type { EventParking } from '../consumers/parking/event-parking.ts'
import type { PasswordHasher, SecretBox, TokenHasher } from '../domain/ports/crypto.ts'
import type { StickerMaker } from '../domain/ports/sticker-maker.ts'
import type { MediaStore } from '../domain/ports/media-store.ts'

/** The read models the application queries. */
export type ReadModels = SessionsTables & UsersTables & AuditTables & MessagesTables & ChatsTables & GroupsTables & ContactIdentitiesTables & ContactsTables & BroadcastsTables & SchedulesTables & WebhooksTables & AutoRepliesTables & ParkedEventsTables

export interface IdentityDeps {
  readonly passwords: PasswordHasher
  /** API keys: looked up by keyed hash, kept sealed so GET /api/user/api-key can show them. */
  readonly apiKeys: { readonly hasher: TokenHasher; readonly box: SecretBox }
  /** Dashboard logins: the cookie's token, looked up by keyed hash. */
  readonly logins: { readonly hasher: TokenHasher; readonly ttlMs: number }
}

export interface WebhookDeps {
  /** Seals webhook secrets at rest; GET shows them opened. */
  readonly box: SecretBox
  /** Refuses a target the gateway must not post to (private networks unless OUTBOUND_ALLOW_PRIVATE_NETWORKS). */
  checkTargetUrl(url: string): Promise<void>
}

/** What command and query handlers work with; the composition root provides it. */
export interface AppDeps {
  readonly db: Kysely<ReadModels>
  readonly store: EventStore
  readonly registry: SessionRegistry
  readonly projections: ProjectionRunner
  readonly logger: Logger
  readonly identity: IdentityDeps
  /** Seals session proxy URLs (SESSION_PROXY_SEAL), so only the WhatsApp driver opens them. */
  readonly proxies: SecretBox
  readonly stickers: StickerMaker
  /** Received media, downloaded by the session's driver (GET /api/media). */
  readonly media: MediaStore
  readonly repeatedSends: { readonly enabled: boolean; readonly maxCount: number; readonly minDelayMs: number }
  readonly scheduler: { readonly timeZone: string; readonly misfireGraceMs: number }
  /** The random pause between two recipients of a broadcast. */
  readonly broadcastDelayMs: { readonly min: number; readonly max: number }
  readonly webhooks: WebhookDeps
  /** Checks REGEX auto-reply patterns (RE2, bounded in time). */
  readonly regex: RegexEngine
  /** Refuses a media URL the gateway must not fetch (private networks unless OUTBOUND_ALLOW_PRIVATE_NETWORKS), before it is stored. */
  checkMediaUrl(url: string): Promise<void>
  /** Where consumers park the events they cannot handle; an operator lists and retries them. */
  readonly parking: EventParking
  /** How long a handler waits for its own writes to show in a read model. */
  readonly readYourWritesTimeoutMs: number
}

export const APP_DEPS = Symbol('AppDeps')
