import { hostname } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { isTimeZone } from './domain/scheduler/send-at.ts'
import { parseRange } from './infra/net/ip-ranges.ts'

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const milliseconds = z.coerce.number().int().min(0)

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3030),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL').optional(),
    NATS_URL: z.string().optional(),
    KURRENTDB_URL: z
      .string()
      .regex(/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//, 'KURRENTDB_URL must be a KurrentDB connection string, e.g. kurrentdb://127.0.0.1:2113?tls=false')
      .optional(),
    WA_WS_URL: z.string().url('WA_WS_URL must be a ws:// or wss:// URL').optional(),
    GATEWAY_SECRET_KEY: z.string().optional(),
    ADMIN_EMAIL: z.string().email('ADMIN_EMAIL must be an e-mail address').optional(),
    ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD needs at least 8 characters').optional(),
    GATEWAY_TEST_ENDPOINTS: flag.default(false),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    BAILEYS_LOG_LEVEL: z.enum(LOG_LEVELS).default('warn'),
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    NODE_ID: z.string().regex(/^[A-Za-z0-9_-]+$/, 'NODE_ID may hold letters, digits, _ and -').optional(),
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: flag.default(false),
    TRUSTED_PROXIES: z
      .string()
      .transform((v) => v.split(',').map((e) => e.trim()).filter((e) => e !== ''))
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          try {
            parseRange(entry)
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: `TRUSTED_PROXIES: ${(error as Error).message}` })
          }
        }
      })
      .default([]),
    BROADCAST_MIN_DELAY_MS: milliseconds.default(10_000),
    BROADCAST_MAX_DELAY_MS: milliseconds.default(20_000),
    SHUTDOWN_TIMEOUT_MS: milliseconds.default(15_000),
    LEASE_TTL_MS: z.coerce.number().int().min(1000).default(15_000),
    WA_KEEPALIVE_MS: z.coerce.number().int().min(1000).optional(),
    WA_PRESENCE_UPDATES: flag.default(false),
    OUTBOUND_MIN_INTERVAL_MS: milliseconds.default(400),
    OUTBOUND_JITTER_MS: milliseconds.default(600),
    REPEATED_SENDS_ENABLED: flag.default(false),
    REPEATED_SENDS_MAX_COUNT: z.coerce.number().int().min(1).max(1000).default(10),
    REPEATED_SENDS_MIN_DELAY_MS: milliseconds.default(1000),
    SCHEDULER_TIMEZONE: z.string().refine(isTimeZone, 'SCHEDULER_TIMEZONE must be an IANA time zone such as UTC or Asia/Jakarta').default('UTC'),
    SCHEDULER_MISFIRE_GRACE_MS: milliseconds.default(10 * 60 * 1000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    WEBHOOK_RETRY_BASE_MS: milliseconds.default(5_000),
    WEBHOOK_RETRY_MAX_DELAY_MS: milliseconds.default(60_000),
    WEBHOOK_RETRY_WINDOW_MS: milliseconds.default(24 * 60 * 60_000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5000),
    WEBHOOK_MAX_REFUSED_ATTEMPTS: z.coerce.number().int().min(1).default(3),
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
    WEBHOOK_LEASE_MS: z.coerce.number().int().min(500).default(15_000),
    WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().min(0).default(14),
    AUTOREPLY_COOLDOWN_MS: milliseconds
      .min(1000, 'AUTOREPLY_COOLDOWN_MS must be at least 1000: without a cooldown two bots answer each other forever')
      .max(86_400_000, 'AUTOREPLY_COOLDOWN_MS may be at most a day')
      .default(60_000),
    AUTOREPLY_MAX_AGE_MS: milliseconds.min(1000).default(300_000),
    AUTOREPLY_REGEX_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
    SANDBOX_ADMIN_URL: z.string().url('SANDBOX_ADMIN_URL must be the sandbox admin API, e.g. http://127.0.0.1:7070/admin').optional(),
  })
  .refine((c) => c.BROADCAST_MIN_DELAY_MS <= c.BROADCAST_MAX_DELAY_MS, {
    message: 'BROADCAST_MIN_DELAY_MS must not exceed BROADCAST_MAX_DELAY_MS',
  })

export type GatewayConfig = {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly databaseUrl: string | undefined
  readonly natsUrl: string | undefined
  /** Set: the events live in KurrentDB (read models, checkpoints and auth stay in Postgres/PGlite); the start fails if it cannot be reached. */
  readonly kurrentDbUrl: string | undefined
  readonly waWebSocketUrl: string | undefined
  readonly secretKey: string | undefined
  readonly adminEmail: string | undefined
  readonly adminPassword: string | undefined
  readonly testEndpoints: boolean
  readonly logLevel: string
  /** Baileys' own log lines (its socket, signal sessions): quieter than ours by default. */
  readonly baileysLogLevel: string
  /** auto: pino-pretty lines on a terminal (where pino-pretty is installed), JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty'
  readonly nodeId: string
  readonly allowPrivateNetworks: boolean
  /** Reverse proxies (CIDRs) whose X-Forwarded-For/-Proto/-Host are believed; none by default. */
  readonly trustedProxies: readonly string[]
  readonly broadcastDelayMs: { readonly min: number; readonly max: number }
  readonly shutdownTimeoutMs: number
  /** With NATS: how long a dead node's sessions wait before another node takes them over. */
  readonly leaseTtlMs: number
  /** How often the WhatsApp socket is pinged; a socket silent for this + 5 s is dead. Unset: Baileys' 30 s. */
  readonly waKeepAliveMs: number | undefined
  /** Record presence (online, typing) as presence.update events. */
  readonly presenceUpdates: boolean
  /** Pacing of each session's outbound queue. */
  readonly outboundPacing: { readonly minIntervalMs: number; readonly jitterMs: number }
  /** POST /api/messages/spam: off unless the operator turns it on (PRODUCT.md's policy), capped and paced. */
  readonly repeatedSends: { readonly enabled: boolean; readonly maxCount: number; readonly minDelayMs: number }
  /** A sendAt without offset is read in timeZone; a schedule found late by more than misfireGraceMs fails instead of going out. */
  readonly scheduler: { readonly timeZone: string; readonly misfireGraceMs: number }
  /** Webhook delivery: attempt timeout, retries (backoff with jitter, dead letter), lanes per node, lease, log retention. */
  readonly webhooks: {
    readonly timeoutMs: number
    readonly retry: { readonly baseMs: number; readonly maxDelayMs: number; readonly windowMs: number; readonly maxAttempts: number; readonly maxRefusedAttempts: number; readonly jitter: number }
    readonly concurrency: number
    readonly leaseMs: number
    readonly retentionMs: number
  }
  /** Auto-replies: one per chat per cooldown, none to messages older than maxAge, REGEX rules bounded in time per message. */
  readonly autoReply: { readonly cooldownMs: number; readonly maxAgeMs: number; readonly regexTimeoutMs: number }
  /** GET /metrics needs `Authorization: Bearer <token>` when set; open when unset (Prometheus' convention). */
  readonly metricsToken: string | undefined
  /** Set by `npm run sandbox`: the sandbox's admin API, for the dashboard's sandbox mode (`/api/sandbox/*`). */
  readonly sandboxAdminUrl: string | undefined
}

export class ConfigError extends Error {}

/** Reads the environment. Unset means the embedded, safe default; a bad value stops the start with what to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const c = parsed.data
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    natsUrl: c.NATS_URL,
    kurrentDbUrl: c.KURRENTDB_URL,
    waWebSocketUrl: c.WA_WS_URL,
    secretKey: c.GATEWAY_SECRET_KEY,
    adminEmail: c.ADMIN_EMAIL,
    adminPassword: c.ADMIN_PASSWORD,
    testEndpoints: c.GATEWAY_TEST_ENDPOINTS,
    logLevel: c.LOG_LEVEL,
    baileysLogLevel: c.BAILEYS_LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    nodeId: c.NODE_ID ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`,
    allowPrivateNetworks: c.OUTBOUND_ALLOW_PRIVATE_NETWORKS,
    trustedProxies: c.TRUSTED_PROXIES,
    broadcastDelayMs: { min: c.BROADCAST_MIN_DELAY_MS, max: c.BROADCAST_MAX_DELAY_MS },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    leaseTtlMs: c.LEASE_TTL_MS,
    waKeepAliveMs: c.WA_KEEPALIVE_MS,
    presenceUpdates: c.WA_PRESENCE_UPDATES,
    outboundPacing: { minIntervalMs: c.OUTBOUND_MIN_INTERVAL_MS, jitterMs: c.OUTBOUND_JITTER_MS },
    repeatedSends: { enabled: c.REPEATED_SENDS_ENABLED, maxCount: c.REPEATED_SENDS_MAX_COUNT, minDelayMs: c.REPEATED_SENDS_MIN_DELAY_MS },
    scheduler: { timeZone: c.SCHEDULER_TIMEZONE, misfireGraceMs: c.SCHEDULER_MISFIRE_GRACE_MS },
    webhooks: {
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      retry: { baseMs: c.WEBHOOK_RETRY_BASE_MS, maxDelayMs: c.WEBHOOK_RETRY_MAX_DELAY_MS, windowMs: c.WEBHOOK_RETRY_WINDOW_MS, maxAttempts: c.WEBHOOK_MAX_ATTEMPTS, maxRefusedAttempts: c.WEBHOOK_MAX_REFUSED_ATTEMPTS, jitter: 0.2 },
      concurrency: c.WEBHOOK_CONCURRENCY,
      leaseMs: c.WEBHOOK_LEASE_MS,
      retentionMs: c.WEBHOOK_LOG_RETENTION_DAYS * 24 * 60 * 60_000,
    },
    autoReply: { cooldownMs: c.AUTOREPLY_COOLDOWN_MS, maxAgeMs: c.AUTOREPLY_MAX_AGE_MS, regexTimeoutMs: c.AUTOREPLY_REGEX_TIMEOUT_MS },
    metricsToken: c.METRICS_TOKEN,
    sandboxAdminUrl: c.SANDBOX_ADMIN_URL?.replace(/\/+$/, ''),
  }
}
