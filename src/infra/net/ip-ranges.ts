import ipaddr from 'ipaddr.js'

export type IpRange = readonly [ipaddr.IPv4 | ipaddr.IPv6, number]

/** A CIDR ("10.0.0.0/8", "fd00::/8") or a single address; throws naming the entry if it is neither. */
export function parseRange(entry: string): IpRange {
  const text = entry.trim()
  try {
    if (text.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(text)
      // Addresses are compared in their plain IPv4 form, so ::ffff:10.0.0.0/104 means 10.0.0.0/8.
      if (range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress()) return [(range as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)]
      return [range, bits]
    }
    const single = ipaddr.process(text)
    return [single, single.kind() === 'ipv4' ? 32 : 128]
  } catch {
    throw new Error(`${text} is not an IP address or CIDR range such as 10.0.0.0/8`)
  }
}

/** An address in its plain form (IPv4-mapped IPv6 as IPv4; brackets dropped), or undefined if it is none. */
export function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return ipaddr.process(address.trim().replace(/^\[|\]$/g, ''))
  } catch {
    return undefined
  }
}

/** Whether an address lies in one of the ranges. */
export function rangesMatcher(entries: readonly string[]): (address: string) => boolean {
  const ranges = entries.map(parseRange)
  if (ranges.length === 0) return () => false
  return (address) => {
    const parsed = parseAddress(address)
    return parsed !== undefined && ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits))
  }
}
