import { parseAddress } from '../infra/net/ip-ranges.ts'

/**
 * Whether a connection's peer is this machine (127.0.0.0/8, ::1, or IPv4-mapped forms). Give it the
 * socket's own remote address, never X-Forwarded-For: a header is whatever the caller wrote.
 */
export function isLoopbackPeer(remoteAddress: string | undefined): boolean {
  if (!remoteAddress) return false
  return parseAddress(remoteAddress)?.range() === 'loopback'
}
