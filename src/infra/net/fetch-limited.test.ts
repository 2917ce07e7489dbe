import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPublicAddress } from './address-policy.ts'
import { fetchLimited } from './fetch-limited.ts'
import { OutboundUrlError } from './outbound-http.ts'

describe('address policy', () => {
  it('tells public addresses from everything a server must not be sent to', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect([ip, isPublicAddress(ip)]).toEqual([ip, true])
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1', 'nonsense']) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false])
    }
  })
})

describe('fetchLimited (a local server: only reachable with private networks allowed)', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/image.png' || req.url?.startsWith('/bad-escape')) {
        res.writeHead(200, { 'content-type': 'image/png' })
        res.end(Buffer.alloc(1000, 1))
      } else if (req.url === '/big') {
        res.writeHead(200) // no content-length: the limit must hold while streaming
        res.write(Buffer.alloc(600_000))
        res.end(Buffer.alloc(600_000))
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000)
      } else if (req.url === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' })
        res.end()
      } else if (req.url === '/redirect') {
        res.writeHead(301, { location: '/image.png' })
        res.end()
      } else {
        res.writeHead(404)
        res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => server?.close())
  const allowed = { maxBytes: 1_000_000, timeoutMs: 1000, allowPrivate: true }

  it('refuses loopback and private URLs by default, by literal address and by name', async () => {
    await expect(fetchLimited(`${base}/image.png`, { ...allowed, allowPrivate: false })).rejects.toThrow(/loopback address.*OUTBOUND_ALLOW_PRIVATE_NETWORKS/)
    await expect(fetchLimited('http://localhost:8088/x', { ...allowed, allowPrivate: false })).rejects.toBeInstanceOf(OutboundUrlError)
    await expect(fetchLimited('http://169.254.169.254/latest/meta-data', { ...allowed, allowPrivate: false })).rejects.toThrow(/linkLocal/)
    await expect(fetchLimited('file:///etc/passwd', allowed)).rejects.toThrow(/file: URLs are not fetched/)
  })

  it('fetches when allowed, following redirects', async () => {
    const fetched = await fetchLimited(`${base}/redirect`, allowed)
    expect(fetched).toMatchObject({ contentType: 'image/png', fileName: 'image.png' })
    expect(fetched.bytes).toHaveLength(1000)
  })

  it('holds the size limit and the timeout, and reports missing files', async () => {
    await expect(fetchLimited(`${base}/big`, allowed)).rejects.toThrow(/larger than the limit/)
    await expect(fetchLimited(`${base}/slow`, { ...allowed, timeoutMs: 200 })).rejects.toThrow(/within 200 ms/)
    await expect(fetchLimited(`${base}/missing`, allowed)).rejects.toThrow(/answered 404/)
  })

  it('takes a file name with a broken percent-escape as it is, instead of throwing URIError', async () => {
    const fetched = await fetchLimited(`${base}/bad-escape%E0%A4%A.png`, allowed)
    expect(fetched.fileName).toBe('bad-escape%E0%A4%A.png')
    expect(fetched.bytes).toHaveLength(1000)
  })

  it('checks every redirect hop against the policy', async () => {
    await expect(fetchLimited(`${base}/to-file`, allowed)).rejects.toThrow(/file: URLs are not fetched/)
  })
})
