import ipaddr from 'ipaddr.js'

/**
 * Whether an IP address is on the public internet. Loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and the like are not: a URL that leads there is how a
 * server is tricked into reaching its own network (SSRF). An IPv6 address that carries an IPv4 one
 * (mapped, compatible, NAT64, 6to4) is judged by that IPv4 address, since that is where it leads.
 */
export function isPublicAddress(address: string): boolean {
  const judged = judgedAddress(address)
  return judged !== undefined && judged.range() === 'unicast'
}

export function describeAddress(address: string): string {
  const judged = judgedAddress(address)
  if (!judged) return `${address} is not an IP address`
  const embedded = judged.kind() === 'ipv4' && !ipaddr.IPv4.isValid(address) ? ` (IPv4 ${judged.toString()} inside)` : ''
  return `${address} is a ${judged.range()} address${embedded}`
}

/** The address a connection to `address` really reaches: the IPv4 one an IPv6 form embeds, or itself. */
function judgedAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (!ipaddr.isValid(text)) return undefined
  const parsed = ipaddr.parse(text)
  if (parsed.kind() === 'ipv4') return parsed
  return embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed
}

/** The IPv4 address inside an IPv6 one, for the forms that route to it. */
export function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = v6.parts
  const low = () => ipv4Of(p[6]!, p[7]!)
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0)
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated, RFC 6145)
  if (zeros(0, 5) && p[5] === 0xffff) return low()
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return low()
  // ::a.b.c.d (compatible, deprecated but still routed by some stacks); :: and ::1 keep their own meaning
  if (zeros(0, 6) && !(p[6] === 0 && (p[7] === 0 || p[7] === 1))) return low()
  // 64:ff9b::a.b.c.d (NAT64's well-known prefix)
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return low()
  // 64:ff9b:1::/48 is local-use NAT64, the operator's own translator whatever it embeds: never public
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return new ipaddr.IPv4([0, 0, 0, 0])
  // 2002:aabb:ccdd::/48 (6to4)
  if (p[0] === 0x2002) return ipv4Of(p[1]!, p[2]!)
  return undefined
}

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
