import type { AddressInfo } from 'node:net'

export interface ListenAddress {
  /** What the socket is bound to, e.g. `0.0.0.0:3030` or `[::1]:3030`. */
  readonly bound: string
  /** Bound to every interface (0.0.0.0 or ::), so reachable from other machines too. */
  readonly everyInterface: boolean
  /** A URL that reaches it from this machine (loopback for a wildcard address). */
  readonly url: string
}

/** The address a server actually listens on, and a URL a person on this machine can open. */
export function listenAddress({ address, family, port }: AddressInfo): ListenAddress {
  const v6 = family === 'IPv6' || address.includes(':')
  const everyInterface = address === '0.0.0.0' || address === '::'
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h)
  const reachable = everyInterface ? (v6 ? '::1' : '127.0.0.1') : address
  return { bound: `${host(address)}:${port}`, everyInterface, url: `http://${host(reachable)}:${port}` }
}

/** The startup line's message. */
export function listeningMessage(at: ListenAddress): string {
  return at.everyInterface
    ? `gateway listening on every interface (${at.bound}); on this machine: ${at.url}`
    : `gateway listening on ${at.bound}: ${at.url}`
}
