import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { Agent, type Dispatcher } from 'undici'
import { ValidationError } from '../../domain/errors.ts'
import { describeAddress, isPublicAddress } from './address-policy.ts'

export const PRIVATE_NETWORKS_HINT = 'set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it'

/** A URL the gateway will not fetch or post to: 400 material, with the reason. */
export class OutboundUrlError extends ValidationError {}

/** Checks a URL before any request: http(s) only, and no literal private address unless allowed. */
export function assertFetchableUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new OutboundUrlError(`${raw} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundUrlError(`${url.protocol} URLs are not fetched; use http or https`)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) {
    throw new OutboundUrlError(`refused ${url.origin}: ${describeAddress(host)}; ${PRIVATE_NETWORKS_HINT}`)
  }
  return url
}

/**
 * An undici dispatcher that resolves names itself and refuses to connect to a non-public address,
 * so a name that resolves (or re-resolves: DNS rebinding) to the gateway's own network is caught at
 * connect time, not only when the URL was checked.
 */
export function guardedDispatcher(allowPrivate: boolean): Dispatcher {
  if (allowPrivate) return new Agent()
  return new Agent({
    connect: {
      lookup(hostname, options, callback) {
        dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, [] as never)
          const list = addresses as LookupAddress[]
          const refused = list.find((a) => !isPublicAddress(a.address))
          if (refused) {
            return callback(new OutboundUrlError(`refused ${hostname}: ${describeAddress(refused.address)}; ${PRIVATE_NETWORKS_HINT}`), [] as never)
          }
          if ((options as { all?: boolean }).all) callback(null, list as never)
          else callback(null, list[0]!.address as never, list[0]!.family as never)
        })
      },
    },
  })
}

/** Unwraps undici's "fetch failed" to the refusal underneath, if that is what it was. */
export function refusalIn(error: unknown): OutboundUrlError | undefined {
  for (let e = error as { cause?: unknown } | undefined; e; e = e.cause as { cause?: unknown } | undefined) {
    if (e instanceof OutboundUrlError) return e
  }
  return undefined
}

/**
 * Refuses a URL the gateway must not post to or fetch from (a webhook target, a scheduled media URL): not http(s), or on a loopback, private,
 * link-local or otherwise non-public address (literal or by DNS) unless private networks are allowed.
 * A name that does not resolve now is accepted: the connect-time guard still applies to every attempt.
 */
export async function checkOutboundUrl(raw: string, allowPrivate: boolean): Promise<void> {
  const url = assertFetchableUrl(raw, allowPrivate)
  if (allowPrivate) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) return
  let addresses: Array<{ address: string }>
  try {
    addresses = await lookup(host, { all: true })
  } catch {
    return
  }
  const refused = addresses.find((a) => !isPublicAddress(a.address))
  if (refused) throw new OutboundUrlError(`refused ${url.origin}: ${host} resolves to ${describeAddress(refused.address)}; ${PRIVATE_NETWORKS_HINT}`)
}
