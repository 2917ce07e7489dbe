import { createServer as createHttpServer, type Server } from 'node:http'
import { connect, createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'

/** A local proxy that counts the tunnels it opened and refuses wrong credentials. Loopback targets only. */
export interface CountingProxy {
  readonly url: string
  /** Tunnels opened, by target `host:port`. */
  readonly tunnels: string[]
  /** Attempts refused for bad or missing credentials. */
  readonly refused: number
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

function tunnel(client: Socket, host: string, port: number, onOpen: () => void): void {
  const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
    onOpen()
    upstream.pipe(client)
    client.pipe(upstream)
  })
  upstream.on('error', () => client.destroy())
  client.on('error', () => upstream.destroy())
  client.on('close', () => upstream.destroy())
}

/** Listens on loopback and hands out the proxy's URL (with its credentials), counts and close. */
async function listening(
  server: Server | NetServer,
  sockets: Set<Socket>,
  state: { tunnels: string[]; refused: number },
  scheme: 'http' | 'socks5',
  user: string,
  password: string,
): Promise<CountingProxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `${scheme}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    get tunnels() {
      return state.tunnels
    },
    get refused() {
      return state.refused
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** An HTTP proxy (CONNECT tunnels), with Basic credentials. */
export async function startHttpProxy(user: string, password: string): Promise<CountingProxy> {
  const state = { tunnels: [] as string[], refused: 0 }
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  const sockets = new Set<Socket>()
  const server: Server = createHttpServer((_req, res) => res.writeHead(405).end())
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('connect', (req, client: Socket, head) => {
    const target = req.url ?? ''
    const colon = target.lastIndexOf(':')
    const host = target.slice(0, colon)
    if (req.headers['proxy-authorization'] !== expected) {
      state.refused++
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n')
      return
    }
    if (!LOOPBACK.has(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    tunnel(client, host, Number(target.slice(colon + 1)), () => {
      state.tunnels.push(target)
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) client.unshift(head)
    })
  })
  return listening(server, sockets, state, 'http', user, password)
}

/** Reads exactly `n` bytes from a socket, however the stream splits them. */
function reader(socket: Socket): (n: number) => Promise<Buffer> {
  let buffered = Buffer.alloc(0)
  let waiting: (() => void) | undefined
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    waiting?.()
  })
  return async (n) => {
    while (buffered.length < n) await new Promise<void>((resolve) => (waiting = resolve))
    const out = buffered.subarray(0, n)
    buffered = buffered.subarray(n)
    return out
  }
}

/** A SOCKS5 proxy (RFC 1928 CONNECT) with username/password authentication (RFC 1929). */
export async function startSocksProxy(user: string, password: string): Promise<CountingProxy> {
  const state = { tunnels: [] as string[], refused: 0 }
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    const read = reader(client)
    void (async () => {
      const [version, count] = await read(2)
      const methods = await read(count!)
      if (version !== 5 || !methods.includes(0x02)) {
        state.refused++
        return client.end(Buffer.from([5, 0xff]))
      }
      client.write(Buffer.from([5, 0x02]))
      const [, userLength] = await read(2)
      const givenUser = (await read(userLength!)).toString()
      const [passwordLength] = await read(1)
      const givenPassword = (await read(passwordLength!)).toString()
      if (givenUser !== user || givenPassword !== password) {
        state.refused++
        return client.end(Buffer.from([1, 1]))
      }
      client.write(Buffer.from([1, 0]))
      const [, command, , type] = await read(4)
      let host: string
      if (type === 1) host = [...(await read(4))].join('.')
      else if (type === 3) host = (await read((await read(1))[0]!)).toString()
      else host = `[${(await read(16)).toString('hex').match(/.{4}/g)!.join(':')}]`
      const port = (await read(2)).readUInt16BE(0)
      const normalized = host === '[0000:0000:0000:0000:0000:0000:0000:0001]' ? '::1' : host
      if (command !== 1 || !LOOPBACK.has(normalized)) return client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]))
      client.removeAllListeners('data')
      tunnel(client, normalized, port, () => {
        state.tunnels.push(`${normalized}:${port}`)
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]))
      })
    })().catch(() => client.destroy())
  })
  return listening(server, sockets, state, 'socks5', user, password)
}
