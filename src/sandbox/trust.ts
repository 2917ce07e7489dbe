/**
 * The sandbox's TLS certificate (self-signed, bundled, for local testing only: its private key is
 * public). Baileys uploads and downloads media over https only, so a client of the sandbox must
 * trust it: either start Node with NODE_EXTRA_CA_CERTS=<SANDBOX_CA_CERT_PATH>, or call
 * trustSandboxCertificate() once at startup (Node >= 24: tls.setDefaultCACertificates).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import tls from 'node:tls'

export const SANDBOX_CA_CERT_PATH = fileURLToPath(new URL('./tls/sandbox-cert.pem', import.meta.url))
export const SANDBOX_KEY_PATH = fileURLToPath(new URL('./tls/sandbox-key.pem', import.meta.url))

export const sandboxTlsCredentials = () => ({ cert: readFileSync(SANDBOX_CA_CERT_PATH), key: readFileSync(SANDBOX_KEY_PATH) })

/** Adds the sandbox certificate to this process' default trusted CAs (fetch and https included). */
export function trustSandboxCertificate(): void {
  const pem = readFileSync(SANDBOX_CA_CERT_PATH, 'utf8')
  const current = tls.getCACertificates('default')
  if (current.includes(pem)) return
  tls.setDefaultCACertificates([...current, pem])
}
