/**
 * Starts the sandbox. One port serves plain HTTP and TLS (told apart by the first byte): WebSocket
 * upgrades (the WhatsApp Web endpoint, any path, e.g. `/ws/chat`, ws:// or wss://), the admin API
 * under `/admin`, and the media upload/download endpoints (which Baileys reaches over https only).
 * Optionally the admin API also gets a port of its own.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer } from 'node:net'
import type { AddressInfo, Server as NetServer, Socket } from 'node:net'
import pino from 'pino'
import type { Logger } from 'pino'
import { WebSocketServer } from 'ws'
import { createAdminApp, ADMIN_PREFIX } from './admin-router.ts'
import { createSandboxApi } from './api.ts'
import type { SandboxApi } from './api.ts'
import { GENUINE_CERT_CHAIN } from './cert-chain.ts'
import { createConnection } from './connection.ts'
import { createSerializer } from './core.ts'
import type { Addressing, Core, CoreOptions } from './core.ts'
import { createHub } from './hub.ts'
import { DEFAULT_QR_REF_COUNT, XMLNS } from './constants.ts'
import { createMediaService } from './media.ts'
import type { MediaService } from './media.ts'
import { createProfilePictureService } from './profile-pictures.ts'
import { createStanzaRouter, defaultIqHandlers } from './stanza-router.ts'
import { createFileStore, createMemoryStore } from './store.ts'
import { sandboxTlsCredentials } from './trust.ts'
import { createWorld } from './world.ts'

export type StartSandboxOptions = {
  /** Port of the WebSocket endpoint (and of the admin API under /admin). 0 (default) picks a free one. */
  port?: number
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** Also serve the admin API on this port (same routes, same /admin prefix). */
  adminPort?: number
  /** Directory where the state persists (phones, contacts, Signal state, devices, logs). None: memory only. */
  dataDir?: string
  /** Structured logger (default: silent). */
  logger?: Logger
  /** QR refs handed to a new client (default 6). */
  qrRefCount?: number
  /** Treat unknown phone numbers as contacts created on the fly (default false: they are "not on WhatsApp"). */
  autoCreateContacts?: boolean
  /** Send the initial history-sync notification after a first login (default true). */
  historySync?: boolean
  /** How contacts address their 1:1 messages by default: from their LID with the PN attached (default, as WhatsApp does), their PN, or their LID alone. */
  defaultAddressing?: Addressing
  /** `host:port` clients are told to use for media (default: the listening host and port). */
  mediaHost?: string
}

export type SandboxHandle = {
  /** What to give Baileys as `waWebSocketUrl`. */
  wsUrl: string
  /** Base URL of the admin API (ends with /admin). */
  adminUrl: string
  port: number
  api: SandboxApi
  /** Internals, for tests and extensions (iq handler registry, world, hub). */
  core: Core
  media: MediaService
  close(): Promise<void>
}

const listen = (server: Server | NetServer, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })

const closeServer = (server: Server | NetServer, sockets?: Set<Socket>) =>
  new Promise<void>(resolve => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
    for (const socket of sockets ?? []) socket.destroy()
  })

/** TLS records start with 0x16 (handshake): everything else on the port is plain HTTP. */
const TLS_HANDSHAKE = 0x16

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const logger = options.logger ?? pino({ level: 'silent' })
  const host = options.host ?? '127.0.0.1'
  const store = options.dataDir
    ? createFileStore(options.dataDir, (err, key) => logger.error({ err, key }, 'could not persist sandbox state'))
    : createMemoryStore()
  const world = createWorld(store)
  const coreOptions: CoreOptions = {
    qrRefCount: options.qrRefCount ?? DEFAULT_QR_REF_COUNT,
    autoCreateContacts: options.autoCreateContacts ?? false,
    historySync: options.historySync ?? true,
    defaultAddressing: options.defaultAddressing ?? 'lid',
  }
  const core: Core = {
    world,
    hub: createHub(world),
    logger,
    options: coreOptions,
    faults: { rejectSends: new Map() },
    pairings: new Map(),
    iqHandlers: defaultIqHandlers(),
    serialize: createSerializer(),
  }
  const urlHost = host.includes(':') ? `[${host}]` : host
  let port = 0
  // a wildcard address is no host a client can reach (nor one the certificate names)
  const reachableHost = host === '0.0.0.0' || host === '::' ? 'localhost' : urlHost
  const media = createMediaService(store, { host: () => options.mediaHost ?? `${reachableHost}:${port}` })
  core.iqHandlers.set(XMLNS.media, media.iqHandler)
  const pictures = createProfilePictureService(core, store, { host: () => media.host })
  core.iqHandlers.set(XMLNS.profilePicture, pictures.iqHandler)
  const api = createSandboxApi(core, media, pictures)
  const app = createAdminApp(api, logger, [media.middleware, pictures.middleware])
  const router = createStanzaRouter(core)

  const server = createServer(app.callback())
  const tlsServer = createHttpsServer(sandboxTlsCredentials(), app.callback())
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req))
  server.on('upgrade', onUpgrade)
  tlsServer.on('upgrade', onUpgrade)
  const open = new Set<Promise<void>>()
  wss.on('connection', ws => {
    const conn = createConnection(ws, { serverStaticKey: world.serverStaticKey, certChain: GENUINE_CERT_CHAIN, logger, handlers: router })
    open.add(conn.done)
    void conn.done.then(() => open.delete(conn.done))
  })
  const sockets = new Set<Socket>()
  const listener = createNetServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    // a reset before the first byte must not crash the process (the HTTP servers handle later errors)
    socket.on('error', () => socket.destroy())
    socket.once('data', chunk => {
      socket.pause()
      socket.unshift(chunk)
      ;(chunk[0] === TLS_HANDSHAKE ? tlsServer : server).emit('connection', socket)
      process.nextTick(() => socket.resume())
    })
  })
  port = await listen(listener, options.port ?? 0, host)
  let adminServer: Server | undefined
  let adminPort = port
  if (options.adminPort !== undefined && options.adminPort !== options.port) {
    adminServer = createServer(app.callback())
    adminPort = await listen(adminServer, options.adminPort, host)
  }
  logger.info({ port, adminPort, mediaHost: media.host, dataDir: options.dataDir }, 'whatsapp sandbox listening')

  let closing: Promise<void> | undefined
  return {
    wsUrl: `ws://${reachableHost}:${port}/ws/chat`,
    adminUrl: `http://${reachableHost}:${adminPort}${ADMIN_PREFIX}`,
    port,
    api,
    core,
    media,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.terminate()
        // let every connection finish handling what it already received (acks included), so what
        // stays unacknowledged is queued again before the state is saved
        await Promise.all(open)
        await new Promise<void>(resolve => wss.close(() => resolve()))
        await closeServer(listener, sockets)
        server.closeAllConnections()
        tlsServer.closeAllConnections()
        if (adminServer) await closeServer(adminServer)
        world.close()
      })()
      return closing
    },
  }
}
