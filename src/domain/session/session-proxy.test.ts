import { describe, expect, it } from 'vitest'
import { maskProxyUrl, proxyUrlProblem } from './session-proxy.ts'

describe('session proxy URLs', () => {
  it('takes http, https, socks5 and socks5h proxies, with or without credentials', () => {
    for (const url of ['http://10.0.0.5:3128', 'https://proxy.example:443', 'socks5://user:pa%40ss@127.0.0.1:1080', 'socks5h://127.0.0.1:1080']) {
      expect(proxyUrlProblem(url), url).toBeNull()
    }
  })

  it('refuses other schemes, paths, queries and what is not a URL', () => {
    expect(proxyUrlProblem('ftp://127.0.0.1:21')).toMatch(/proxy URL/)
    expect(proxyUrlProblem('socks4://127.0.0.1:1080')).toMatch(/proxy URL/)
    expect(proxyUrlProblem('http://127.0.0.1:3128/path')).toBe('must not have a path')
    expect(proxyUrlProblem('http://127.0.0.1:3128/?a=1')).toBe('must not have a query or fragment')
    expect(proxyUrlProblem('not a url')).toMatch(/proxy URL/)
  })

  it('masks the password and nothing else', () => {
    expect(maskProxyUrl('socks5://alice:s3cret@127.0.0.1:1080')).toBe('socks5://alice:***@127.0.0.1:1080')
    expect(maskProxyUrl('http://127.0.0.1:3128')).toBe('http://127.0.0.1:3128')
    expect(maskProxyUrl('http://bob@127.0.0.1:3128')).toBe('http://bob@127.0.0.1:3128')
  })
})
