import { describe, expect, it } from 'vitest'
import { describeAddress, isPublicAddress } from './address-policy.ts'
import { assertFetchableUrl, checkOutboundUrl } from './outbound-http.ts'

/** IPv6 forms that carry an IPv4 address lead to that address: they are judged by it. */
const PRIVATE_BEHIND_IPV6 = [
  // IPv4-compatible (::a.b.c.d), in the forms a URL or a resolver may give
  '::127.0.0.1', '::7f00:1', '0:0:0:0:0:0:7f00:1', '::a9fe:a9fe', '::169.254.169.254', '::a00:1', '::10.0.0.1', '::c0a8:101', '::ac10:1', '::6440:1',
  // IPv4-mapped and -translated
  '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '0:0:0:0:0:ffff:c0a8:0101', '::ffff:0:127.0.0.1', '::ffff:0:a00:1',
  // NAT64, well-known prefix, and local-use NAT64
  '64:ff9b::127.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::a00:1', '64:ff9b::192.168.0.1', '64:ff9b:1::808:808', '64:ff9b:1:ffff::1',
  // 6to4
  '2002:7f00:1::', '2002:7f00:0001::1', '2002:a9fe:a9fe::1', '2002:a00:1::', '2002:c0a8:101:1::1', '2002:0:0::1', '2002:e000:1::1',
  // and the plain IPv6 non-public ones
  '::', '::1', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001::1', '2001:db8::1', '100::1',
]
const PUBLIC = ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '::8.8.8.8', '64:ff9b::808:808', '64:ff9b::1.1.1.1', '2002:808:808::1', '2002:101:101::']

describe('address policy: IPv4 inside IPv6', () => {
  it.each(PRIVATE_BEHIND_IPV6)('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false)
    expect(isPublicAddress(`[${address.replace(/%.*$/, '')}]`)).toBe(false)
  })
  it.each(PUBLIC)('%s is public', (address) => expect(isPublicAddress(address)).toBe(true))

  it('says which IPv4 address it found', () => {
    expect(describeAddress('::a9fe:a9fe')).toBe('::a9fe:a9fe is a linkLocal address (IPv4 169.254.169.254 inside)')
    expect(describeAddress('2002:7f00:1::')).toBe('2002:7f00:1:: is a loopback address (IPv4 127.0.0.1 inside)')
  })

  it('refuses such URLs for webhooks and media, unless private networks are allowed', async () => {
    for (const host of ['[::127.0.0.1]', '[::a9fe:a9fe]', '[::a00:1]', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]', '[2002:a9fe:a9fe::]']) {
      expect(() => assertFetchableUrl(`http://${host}:8080/hook`, false)).toThrow(/refused .*OUTBOUND_ALLOW_PRIVATE_NETWORKS/)
      await expect(checkOutboundUrl(`http://${host}/media.png`, false)).rejects.toThrow(/refused/)
      expect(() => assertFetchableUrl(`http://${host}/x`, true)).not.toThrow()
    }
    // Numeric IPv4 spellings are normalised by the URL parser before the check.
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/']) expect(() => assertFetchableUrl(url, false)).toThrow(/loopback/)
  })
})
