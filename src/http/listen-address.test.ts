import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { listenAddress, listeningMessage } from './listen-address.ts'

async function bound(host: string): Promise<AddressInfo> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const address = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return address
}

describe('listenAddress', () => {
  it('names the wildcard address it is bound to, and gives a loopback URL that reaches it', async () => {
    const address = await bound('0.0.0.0')
    const at = listenAddress(address)
    expect(at).toEqual({ bound: `0.0.0.0:${address.port}`, everyInterface: true, url: `http://127.0.0.1:${address.port}` })
    expect(listeningMessage(at)).toBe(`gateway listening on every interface (0.0.0.0:${address.port}); on this machine: http://127.0.0.1:${address.port}`)
  })

  it('names a specific address as it is, IPv6 in brackets', async () => {
    const v4 = await bound('127.0.0.1')
    expect(listenAddress(v4)).toEqual({ bound: `127.0.0.1:${v4.port}`, everyInterface: false, url: `http://127.0.0.1:${v4.port}` })
    expect(listeningMessage(listenAddress(v4))).toBe(`gateway listening on 127.0.0.1:${v4.port}: http://127.0.0.1:${v4.port}`)
    expect(listenAddress({ address: '::', family: 'IPv6', port: 3030 })).toEqual({ bound: '[::]:3030', everyInterface: true, url: 'http://[::1]:3030' })
    expect(listenAddress({ address: '::1', family: 'IPv6', port: 3030 }).url).toBe('http://[::1]:3030')
  })
})
