import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { helmBinary } from './helm-binary.ts'
import { validateKubernetesObject } from './kubernetes-validation.ts'

const run = promisify(execFile)
const CHART = path.resolve('deploy/helm/wa-gateway')
const PRODUCTION_VALUES = path.join(CHART, 'ci/production-values.yaml')

interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: any
  data?: Record<string, string>
  stringData?: Record<string, string>
}

/** helm's cache and config directories: this run's own, removed after it. */
let helmHome: Promise<string> | undefined

async function helm(...args: string[]): Promise<string> {
  const home = await (helmHome ??= mkdtemp(path.join(tmpdir(), 'wag-helm-')))
  const env = { ...process.env, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') }
  const { stdout } = await run(helmBinary(), args, { env, maxBuffer: 16 << 20 })
  return stdout
}

async function helmFails(...args: string[]): Promise<string> {
  try {
    await helm(...args)
  } catch (error) {
    return String((error as { stderr?: string }).stderr)
  }
  throw new Error(`helm ${args.join(' ')} succeeded`)
}

async function render(...args: string[]): Promise<K8sObject[]> {
  const out = await helm('template', 'wag', CHART, '--namespace', 'wag', ...args)
  return parseAllDocuments(out)
    .map((doc) => {
      expect(doc.errors).toEqual([])
      return doc.toJS() as K8sObject | null
    })
    .filter((o): o is K8sObject => o !== null)
    .map((o) => {
      // Against the Kubernetes (and prometheus-operator) API schemas: types, required fields, enums.
      validateKubernetesObject(o)
      return o
    })
}

function only(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind)
  expect(found, kind).toHaveLength(1)
  return found[0]!
}

/** The README's statement: SIGTERM waits SHUTDOWN_TIMEOUT_MS, main.ts gives itself 5 s more. */
function leastGraceSeconds(shutdownTimeoutMs: number, preStopSleepSeconds: number): number {
  return Math.ceil(shutdownTimeoutMs / 1000) + 5 + preStopSleepSeconds
}

// The layer ships a linux-x64 helm.
describe.skipIf(process.platform !== 'linux' || process.arch !== 'x64')('Helm chart deploy/helm/wa-gateway', () => {
  // Unzips the binary once (a 120 MB layer), within the hook's time rather than a test's.
  beforeAll(() => void helmBinary())
  afterAll(async () => {
    if (helmHome) await rm(await helmHome, { recursive: true, force: true })
  })

  it('passes helm lint --strict, with default values and with the production values', async () => {
    const lint = await helm('lint', '--strict', CHART)
    expect(lint).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/)
    const production = await helm('lint', '--strict', CHART, '-f', PRODUCTION_VALUES)
    expect(production).toMatch(/0 chart\(s\) failed/)
  })

  it('renders one embedded replica by default: probes, security context, grace period, a kept claim', async () => {
    const objects = await render()
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount'].sort(),
    )
    for (const o of objects) {
      expect(o.metadata.labels?.['app.kubernetes.io/name']).toBe('wa-gateway')
      expect(o.metadata.name).toBe('wag-wa-gateway')
    }
    const deployment = only(objects, 'Deployment')
    expect(deployment.apiVersion).toBe('apps/v1')
    expect(deployment.spec.replicas).toBe(1)
    // One PGlite directory on a ReadWriteOnce claim: the old pod stops before the new one starts.
    expect(deployment.spec.strategy.type).toBe('Recreate')
    const pod = deployment.spec.template.spec
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'wa-gateway', 'app.kubernetes.io/instance': 'wag' })
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels)
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } })
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(leastGraceSeconds(15_000, 5))
    const [container] = pod.containers
    expect(pod.containers).toHaveLength(1)
    expect(container.image).toBe('wa-gateway:0.1.0')
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } })
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3030, protocol: 'TCP' }])
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' })
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' })
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' })
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) })
    expect(container.resources.limits.memory).toBeDefined()
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '5'])
    expect(container.env).toEqual([{ name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }])
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'wag-wa-gateway' } }, { secretRef: { name: 'wag-wa-gateway' } }])
    // A read-only root: DATA_DIR and /tmp are the writable mounts, DATA_DIR on the chart's claim.
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }])
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'wag-wa-gateway' } })
    expect(only(objects, 'PersistentVolumeClaim').metadata.annotations?.['helm.sh/resource-policy']).toBe('keep')

    const config = only(objects, 'ConfigMap').data!
    expect(config).toEqual({ HOST: '0.0.0.0', PORT: '3030', DATA_DIR: '/data', SHUTDOWN_TIMEOUT_MS: '15000', LOG_LEVEL: 'info' })
    const secret = only(objects, 'Secret')
    expect(Object.keys(secret.stringData!)).toEqual(['GATEWAY_SECRET_KEY'])
    expect(secret.stringData!.GATEWAY_SECRET_KEY!.length).toBeGreaterThanOrEqual(32)
    expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep')

    const service = only(objects, 'Service')
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels)
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }])
    expect(service.spec.sessionAffinity).toBe('ClientIP')
    expect(only(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } })
  })

  it('renders a cluster with the production values: external stores, existingSecret, Ingress, ServiceMonitor', async () => {
    const objects = await render('-f', PRODUCTION_VALUES)
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'Ingress', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ServiceMonitor'].sort(),
    )
    const deployment = only(objects, 'Deployment')
    expect(deployment.spec.replicas).toBe(3)
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })
    const pod = deployment.spec.template.spec
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(leastGraceSeconds(30_000, 5))
    const [container] = pod.containers
    expect(container.image).toBe('registry.example.com/wa-gateway:0.1.0')
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'wag-wa-gateway' } }, { secretRef: { name: 'wa-gateway-secrets' } }])
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } })
    // Every replica has its own scratch DATA_DIR; the stores are external.
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: {} })
    expect(only(objects, 'ConfigMap').data).toEqual({
      HOST: '0.0.0.0',
      PORT: '3030',
      DATA_DIR: '/data',
      SHUTDOWN_TIMEOUT_MS: '30000',
      NATS_URL: 'nats://nats.messaging.svc:4222',
      LOG_LEVEL: 'warn',
      // Only the ingress controller's pods, never the whole pod network.
      TRUSTED_PROXIES: '10.42.7.0/24',
      WEBHOOK_CONCURRENCY: '64',
    })

    const ingress = only(objects, 'Ingress')
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1')
    expect(ingress.spec.ingressClassName).toBe('nginx')
    expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/affinity']).toBe('cookie')
    expect(ingress.spec.tls).toEqual([{ hosts: ['wa.example.com'], secretName: 'wa-gateway-tls' }])
    expect(ingress.spec.rules).toEqual([
      { host: 'wa.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'wag-wa-gateway', port: { name: 'http' } } } }] } },
    ])

    const monitor = only(objects, 'ServiceMonitor')
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1')
    expect(monitor.metadata.labels?.release).toBe('prometheus')
    expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels)
    expect(monitor.spec.endpoints).toEqual([
      {
        port: 'http',
        path: '/metrics',
        interval: '30s',
        scrapeTimeout: '10s',
        authorization: { type: 'Bearer', credentials: { name: 'wa-gateway-secrets', key: 'METRICS_TOKEN' } },
      },
    ])
  })

  it('every variable the chart sets is one the gateway reads (src/config.ts)', async () => {
    const configSource = readFileSync('src/config.ts', 'utf8')
    const objects = [...(await render()), ...(await render('-f', PRODUCTION_VALUES)), ...(await render('--set', 'externalPostgresql.url=postgres://u:p@db:5432/wag,externalNats.url=nats://nats:4222,secrets.adminPassword=long-enough,secrets.metricsToken=t'))]
    const names = new Set<string>()
    for (const o of objects) {
      if (o.kind === 'ConfigMap') Object.keys(o.data!).forEach((n) => names.add(n))
      if (o.kind === 'Secret') Object.keys(o.stringData!).forEach((n) => names.add(n))
      if (o.kind === 'Deployment') for (const e of o.spec.template.spec.containers[0].env) names.add(e.name)
    }
    expect([...names]).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'GATEWAY_SECRET_KEY', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'NODE_ID']))
    expect([...names].filter((n) => !new RegExp(`\\b${n}:`).test(configSource))).toEqual([])
  })

  it('refuses configurations that cannot work, saying what to set', async () => {
    expect(await helmFails('template', 'wag', CHART, '--set', 'replicaCount=2')).toMatch(/replicaCount > 1 needs externalNats.url/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'externalNats.url=nats://nats:4222')).toMatch(/needs a Postgres/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'terminationGracePeriodSeconds=10')).toMatch(/terminationGracePeriodSeconds \(10\) must be at least/)
    // Behind a TLS Ingress without trusted proxies every cookie write would fail the CSRF check.
    const ingress = 'ingress.enabled=true,ingress.hosts[0].host=wa.example.com,ingress.hosts[0].paths[0].path=/,ingress.hosts[0].paths[0].pathType=Prefix'
    expect(await helmFails('template', 'wag', CHART, '--set', ingress)).toMatch(/ingress.enabled needs trustedProxies: the ingress controller pods' address range/)
    expect((await render('--set', `${ingress},trustedProxies=10.42.7.0/24`)).map((o) => o.kind)).toContain('Ingress')
    expect(await helmFails('template', 'wag', CHART, '--set', 'config.TRUSTED_PROXIES=10.0.0.0/8')).toMatch(/set trustedProxies, not config.TRUSTED_PROXIES/)
    // A ServiceMonitor without a token would scrape 401s: /metrics answers only loopback then.
    expect(await helmFails('template', 'wag', CHART, '--set', 'serviceMonitor.enabled=true')).toMatch(/serviceMonitor.enabled needs secrets.metricsToken/)
    // values.schema.json
    expect(await helmFails('template', 'wag', CHART, '--set', 'trustedProxies=everyone')).toMatch(/trustedProxies/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'secrets.gatewaySecretKey=short')).toMatch(/gatewaySecretKey/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'externalPostgresql.url=mysql://x')).toMatch(/externalPostgresql/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'config.GATEWAY_SECRET_KEY=x')).toMatch(/config/)
    expect(await helmFails('template', 'wag', CHART, '--set', 'service.type=Bogus')).toMatch(/service/)
  })

  it('NOTES.txt tells how to reach the gateway and find the first password', async () => {
    const notes = await helm('install', 'wag', CHART, '--dry-run=client', '--namespace', 'wag')
    expect(notes).toContain('kubectl --namespace wag port-forward service/wag-wa-gateway 3030:80')
    expect(notes).toContain('kubectl --namespace wag logs deployment/wag-wa-gateway')
    expect(notes).toContain('GATEWAY_SECRET_KEY was generated')
    const production = await helm('install', 'wag', CHART, '--dry-run=client', '--namespace', 'wag', '-f', PRODUCTION_VALUES)
    expect(production).toContain('https://wa.example.com/')
    expect(production).not.toContain('port-forward')
  })
})

describe('the Kubernetes validation the chart tests use', () => {
  it('refuses an object that breaks its kind\'s schema', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }
    expect(() => validateKubernetesObject(deployment)).not.toThrow()
    expect(() => validateKubernetesObject({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } } as typeof deployment)).toThrow(/Deployment x is not valid: .*replicas must be integer/)
    const probeWithoutPort = { containers: [{ name: 'c', image: 'i', readinessProbe: { httpGet: { path: '/readyz' } } }] }
    expect(() => validateKubernetesObject({ ...deployment, spec: { ...deployment.spec, template: { spec: probeWithoutPort } } } as typeof deployment)).toThrow(/httpGet must have required property port/)
  })
})
