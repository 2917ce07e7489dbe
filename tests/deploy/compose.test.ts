import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readmeConfigurationVariables } from './readme-configuration.ts'

interface Service {
  image?: string
  build?: { context: string; dockerfile: string }
  profiles?: string[]
  command?: string[]
  environment?: Record<string, string | number>
  ports?: string[]
  volumes?: string[]
  secrets?: Array<{ source: string; target: string }>
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
  stop_grace_period?: string
  networks?: Record<string, { ipv4_address?: string }>
}

const compose = parse(readFileSync('deploy/compose.yaml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>
  secrets: Record<string, { environment: string }>
  volumes: Record<string, unknown>
  networks: Record<string, { ipam: { config: Array<{ subnet: string; ip_range: string; gateway: string }> } }>
}
const services = compose.services
const gateways = Object.entries(services).filter(([name]) => name.startsWith('gateway-'))

/** `${NAME:-default}` / `${NAME:?message}` references in a string. */
function interpolated(value: string): string[] {
  return [...value.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!)
}

describe('deploy/compose.yaml', () => {
  it('has two gateway nodes behind one proxy port, Postgres, NATS with JetStream, Prometheus, and the sandbox and KurrentDB as profiles', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway-1', 'gateway-2', 'kurrentdb', 'nats', 'postgres', 'prometheus', 'proxy', 'sandbox'])
    expect(gateways).toHaveLength(2)
    for (const [name, gateway] of gateways) {
      expect(gateway.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' })
      expect(gateway.ports, `${name} is reached through the proxy only`).toBeUndefined()
      expect(gateway.environment!.NODE_ID).toBe(name)
      expect(gateway.volumes).toEqual(['gateway-data:/data'])
    }
    expect(services.proxy!.ports).toEqual(['${PUBLIC_PORT:-3030}:8080'])
    const nginx = readFileSync('deploy/nginx/nginx.conf', 'utf8')
    for (const [name] of gateways) expect(nginx).toContain(`server ${name}:3030`)
    expect(nginx).toMatch(/ip_hash;/)
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/)
    expect(services.nats!.command).toContain('--jetstream')
    expect(services.postgres!.image).toMatch(/^postgres:1[3-9]/)
    expect(services.sandbox!.profiles).toEqual(['sandbox'])
    expect(services.sandbox!.command).toEqual(['node', 'src/sandbox/main.ts'])
    expect(services.kurrentdb!.profiles).toEqual(['kurrentdb'])
    expect(services.kurrentdb!.image).toMatch(/^docker\.kurrent\.io\/kurrent-latest\/kurrentdb/)
    expect(services.kurrentdb!.ports, 'KurrentDB runs insecure: reached on the compose network only').toBeUndefined()
    // The gateways pass KURRENTDB_URL on, empty (the events in Postgres) unless the operator sets it.
    for (const [, gateway] of gateways) expect(gateway.environment!.KURRENTDB_URL).toBe('${KURRENTDB_URL:-}')
    expect(Object.entries(services).filter(([, s]) => s.profiles).map(([n]) => n).sort()).toEqual(['kurrentdb', 'sandbox'])
  })

  it('gives every service a healthcheck, and starts each one after what it needs is healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test?.[0], `${name} healthcheck`).toMatch(/^CMD(-SHELL)?$/)
    }
    for (const [, gateway] of gateways) {
      expect(gateway.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, nats: { condition: 'service_healthy' } })
      expect(gateway.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3030/readyz')
    }
    expect(services.proxy!.depends_on).toEqual({ 'gateway-1': { condition: 'service_healthy' }, 'gateway-2': { condition: 'service_healthy' } })
    expect(services.prometheus!.depends_on).toEqual(services.proxy!.depends_on)
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(condition, `${name} -> ${dependency}`).toBe('service_healthy')
        expect(services[dependency], `${name} depends on a service that exists`).toBeDefined()
        expect(services[dependency]!.profiles, `${name} must not depend on an optional service`).toBeUndefined()
      }
    }
  })

  it('scrapes both nodes with the METRICS_TOKEN bearer token', () => {
    const prometheus = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: Array<{ metrics_path: string; authorization: { type: string; credentials_file: string }; static_configs: Array<{ targets: string[] }> }>
    }
    const [job] = prometheus.scrape_configs
    expect(job!.metrics_path).toBe('/metrics')
    expect(job!.static_configs.flatMap((s) => s.targets).sort()).toEqual(gateways.map(([name]) => `${name}:3030`).sort())
    expect(job!.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics-token' })
    expect(services.prometheus!.secrets).toEqual([{ source: 'metrics_token', target: 'metrics-token' }])
    expect(compose.secrets.metrics_token).toEqual({ environment: 'METRICS_TOKEN' })
    expect(services.prometheus!.volumes).toContain('./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro')
  })

  it('takes its secrets from .env, which has a committed example of placeholders only', () => {
    const example = readFileSync('deploy/.env.example', 'utf8')
    const defined = new Map(
      example
        .split('\n')
        .map((line) => line.replace(/^#\s*/, ''))
        .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
    )
    const raw = readFileSync('deploy/compose.yaml', 'utf8')
    const required = [...raw.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?/g)].map((m) => m[1]!)
    expect(new Set(required)).toEqual(new Set(['POSTGRES_PASSWORD', 'GATEWAY_SECRET_KEY', 'ADMIN_PASSWORD', 'METRICS_TOKEN']))
    // Every variable compose reads from .env is in the example; every secret in it is a placeholder.
    for (const name of new Set(interpolated(raw))) expect(defined.has(name), `${name} in deploy/.env.example`).toBe(true)
    for (const name of required) expect(defined.get(name)).toMatch(/^change-me/)
    expect(defined.get('GATEWAY_SECRET_KEY')!.length).toBeGreaterThanOrEqual(32)
    expect(defined.get('METRICS_TOKEN')!.length).toBeGreaterThanOrEqual(16)
    expect(readFileSync('.gitignore', 'utf8').split('\n')).toContain('.env')
  })

  it('sets only variables of the README configuration table on the gateways, and every essential one', () => {
    const documented = readmeConfigurationVariables()
    for (const [name, gateway] of gateways) {
      const set = Object.keys(gateway.environment!)
      expect(set.filter((v) => !documented.has(v)), `${name}: variables missing from README's table`).toEqual([])
      const configSource = readFileSync('src/config.ts', 'utf8')
      expect(set.filter((v) => !new RegExp(`\\b${v}:`).test(configSource)), `${name}: variables src/config.ts does not read`).toEqual([])
      for (const essential of ['DATABASE_URL', 'NATS_URL', 'GATEWAY_SECRET_KEY', 'NODE_ID', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'SHUTDOWN_TIMEOUT_MS', 'TRUSTED_PROXIES', 'DATA_DIR']) {
        expect(documented.has(essential), `${essential} in README's table`).toBe(true)
        expect(set, `${name} sets ${essential}`).toContain(essential)
      }
    }
    // The sandbox service is configured by the sandbox's own variables (src/sandbox/README.md).
    const sandboxReadme = readFileSync('src/sandbox/README.md', 'utf8')
    for (const name of Object.keys(services.sandbox!.environment!)) expect(sandboxReadme).toContain(`\`${name}\``)
  })

  it('trusts X-Forwarded-For from the proxy\'s fixed address only, outside the range Docker hands out', () => {
    const [network] = compose.networks.default!.ipam.config
    const proxyAddress = services.proxy!.networks!.default!.ipv4_address!
    const ipv4 = (a: string) => a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0)
    const within = (address: string, cidr: string) => {
      const [base, bits] = cidr.split('/')
      const size = 2 ** (32 - Number(bits))
      return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base!) / size)
    }
    expect(within(proxyAddress, network!.subnet)).toBe(true)
    expect(within(proxyAddress, network!.ip_range), 'a dynamic address could take the proxy\'s').toBe(false)
    expect(proxyAddress).not.toBe(network!.gateway)
    // One address, not a range: a LAN client in a trusted range could name its own address.
    for (const [, gateway] of gateways) expect(gateway.environment!.TRUSTED_PROXIES).toBe(proxyAddress)
  })

  it('gives the gateways a stop grace period longer than SHUTDOWN_TIMEOUT_MS and the 5 s the process adds', () => {
    for (const [, gateway] of gateways) {
      const shutdownSeconds = Number(gateway.environment!.SHUTDOWN_TIMEOUT_MS) / 1000
      expect(Number.parseInt(gateway.stop_grace_period!, 10)).toBeGreaterThan(shutdownSeconds + 5)
    }
  })
})
