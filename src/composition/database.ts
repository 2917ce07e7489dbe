import type { CheckpointTables } from '../consumers/checkpoints/tables.ts'
import type { ParkedEventsTables } from '../consumers/parking/tables.ts'
import type { ReadModels } from '../app/app-deps.ts'
import type { IdempotencyTables } from '../infra/idempotency/postgres-idempotency-store.ts'
import type { EventStoreOriginTables } from '../infra/event-store/origin/tables.ts'
import type { EventStoreTables } from '../infra/event-store/postgres/tables.ts'
import type { WaAuthTables } from '../infra/whatsapp/auth/tables.ts'

/** Every table of the gateway's Postgres (or PGlite) database. */
export type Database = EventStoreTables & EventStoreOriginTables & CheckpointTables & ReadModels & WaAuthTables & IdempotencyTables & ParkedEventsTables
