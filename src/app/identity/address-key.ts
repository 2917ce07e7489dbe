import ipaddr from 'ipaddr.js'

/**
 * The key a client address is counted under by the login limits. One IPv6 host usually holds a whole
 * /64 (2^64 addresses for the asking), so IPv6 counts by its /64; an IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.1`, how a dual-stack socket shows IPv4) counts as the IPv4 address itself.
 * Anything that is not an IP address is counted as it is.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const v6 = parsed as ipaddr.IPv6
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString()
  const prefix = v6.parts.slice(0, 4).map((part) => part.toString(16)).join(':')
  return `${prefix}::/64`
}
