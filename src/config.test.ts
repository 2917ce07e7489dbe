import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('defaults to the embedded, safe setup', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3030,
      databaseUrl: undefined,
      natsUrl: undefined,
      testEndpoints: false,
      allowPrivateNetworks: false,
      broadcastDelayMs: { min: 10_000, max: 20_000 },
    })
    expect(config.dataDir).toMatch(/\/data$/)
  })

  it('reads the documented variables', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/wag',
      NATS_URL: 'nats://n:4222',
      GATEWAY_TEST_ENDPOINTS: '1',
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      NODE_ID: 'node-a',
      BROADCAST_MIN_DELAY_MS: '10',
      BROADCAST_MAX_DELAY_MS: '20',
    })
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db:5432/wag',
      natsUrl: 'nats://n:4222',
      testEndpoints: true,
      allowPrivateNetworks: true,
      nodeId: 'node-a',
      broadcastDelayMs: { min: 10, max: 20 },
    })
  })

  it('says what to fix for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ BROADCAST_MIN_DELAY_MS: '5', BROADCAST_MAX_DELAY_MS: '1' })).toThrow(/must not exceed/)
    expect(() => loadConfig({ GATEWAY_TEST_ENDPOINTS: 'maybe' })).toThrow(/GATEWAY_TEST_ENDPOINTS/)
  })

  it("reads Baileys' own log level (BAILEYS_LOG_LEVEL, warn unless set) and refuses one pino does not know", () => {
    expect(loadConfig({}).baileysLogLevel).toBe('warn')
    expect(loadConfig({ BAILEYS_LOG_LEVEL: 'debug' }).baileysLogLevel).toBe('debug')
    expect(() => loadConfig({ BAILEYS_LOG_LEVEL: 'loud' })).toThrow(/BAILEYS_LOG_LEVEL/)
  })

  it('reads the auto-reply limits, with safe defaults', () => {
    expect(loadConfig({}).autoReply).toEqual({ cooldownMs: 60_000, maxAgeMs: 300_000, regexTimeoutMs: 250 })
    expect(loadConfig({ AUTOREPLY_COOLDOWN_MS: '1000', AUTOREPLY_MAX_AGE_MS: '60000', AUTOREPLY_REGEX_TIMEOUT_MS: '50' }).autoReply).toEqual({
      cooldownMs: 1000,
      maxAgeMs: 60_000,
      regexTimeoutMs: 50,
    })
    expect(() => loadConfig({ AUTOREPLY_COOLDOWN_MS: String(2 * 86_400_000) })).toThrow(/AUTOREPLY_COOLDOWN_MS may be at most a day/)
    expect(() => loadConfig({ AUTOREPLY_COOLDOWN_MS: '0' })).toThrow(/two bots answer each other forever/)
    expect(() => loadConfig({ AUTOREPLY_REGEX_TIMEOUT_MS: '0' })).toThrow(/AUTOREPLY_REGEX_TIMEOUT_MS/)
  })
})
