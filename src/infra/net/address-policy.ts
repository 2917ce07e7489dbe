import ipaddr from 'ipaddr.js'

/**
 * Whether an IP address is on the public internet. Loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and the like are not: a URL that leads there is how a
 * server is tricked into reaching its own network (SSRF).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  return parsed.range() === 'unicast'
}

export function describeAddress(address: string): string {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  return `${address} is a ${parsed.range()} address`
}
