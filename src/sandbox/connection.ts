/**
 * One client WebSocket: the Noise handshake, then encrypted binary nodes both ways.
 * Incoming nodes are handled one at a time, in order (Signal and stanza order matter); replies to
 * iqs the server itself sent (pair-device, pair-success) resolve `query` promises instead.
 */
import { binaryNodeToString, decodeBinaryNode, encodeBinaryNode, proto } from '@whiskeysockets/baileys'
import type { BinaryNode, KeyPair } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { createFrameReader, encodeFrame } from './frames.ts'
import { createNoiseServerHandshake } from './noise-server.ts'
import type { NoiseServerHandshake, NoiseTransport } from './noise-server.ts'

export type Connection = {
  readonly id: number
  readonly logger: Logger
  /** Baileys' creds.noiseKey.public, known after the handshake. */
  readonly clientStaticKey: Buffer | undefined
  readonly payload: proto.ClientPayload | undefined
  readonly isOpen: boolean
  /** Fault: a silent connection neither answers nor sends anything (a half-dead socket). */
  silent: boolean
  /** Free slot for the server: what this connection is logged in as. */
  context: unknown
  send(node: BinaryNode): void
  /** Sends a server-initiated iq and resolves with the client's reply. */
  query(node: BinaryNode, timeoutMs?: number): Promise<BinaryNode>
  /** Closes after the last sent frame is flushed. */
  close(): void
  /** Drops the TCP connection without a close handshake. */
  terminate(): void
  /** Settles once the connection is closed and the server has handled everything it received. */
  readonly done: Promise<void>
}

export type ConnectionHandlers = {
  onHandshake(conn: Connection): void | Promise<void>
  onNode(conn: Connection, node: BinaryNode): void | Promise<void>
  onClose(conn: Connection): void
}

let nextConnectionId = 1
let nextServerTag = 1

export function createConnection(
  ws: WebSocket,
  options: { serverStaticKey: KeyPair; certChain: Uint8Array; logger: Logger; handlers: ConnectionHandlers },
): Connection {
  const id = nextConnectionId++
  const logger = options.logger.child({ conn: id })
  const reader = createFrameReader({ expectIntro: true })
  let handshake: NoiseServerHandshake | undefined
  let transport: NoiseTransport | undefined
  let clientStaticKey: Buffer | undefined
  let payload: proto.ClientPayload | undefined
  let queue: Promise<void> = Promise.resolve()
  let closed = false
  let markDone: () => void = () => {}
  const done = new Promise<void>(resolve => (markDone = resolve))
  const pendingQueries = new Map<string, { resolve: (node: BinaryNode) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>()

  const sendRaw = (body: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(body))
  }

  const conn: Connection = {
    id,
    logger,
    get clientStaticKey() {
      return clientStaticKey
    },
    get payload() {
      return payload
    },
    get isOpen() {
      return !closed && !!transport && ws.readyState === ws.OPEN
    },
    silent: false,
    context: undefined,
    send(node) {
      if (!transport || closed || conn.silent) return
      if (logger.isLevelEnabled('trace')) logger.trace({ xml: binaryNodeToString(node) }, 'send')
      sendRaw(transport.encrypt(encodeBinaryNode(node)))
    },
    query(node, timeoutMs = 30_000) {
      const tag = node.attrs.id ?? `sandbox-${nextServerTag++}`
      node.attrs.id = tag
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingQueries.delete(tag)
          reject(new Error(`client did not answer iq ${tag} within ${timeoutMs} ms`))
        }, timeoutMs)
        pendingQueries.set(tag, { resolve, reject, timer })
        conn.send(node)
      })
    },
    close() {
      if (ws.readyState === ws.OPEN) ws.close()
    },
    terminate() {
      ws.terminate()
    },
    done,
  }

  const handleFrame = (frame: Buffer) => {
    if (!handshake) {
      handshake = createNoiseServerHandshake({
        introHeader: reader.introHeader ?? Buffer.alloc(0),
        serverStaticKey: options.serverStaticKey,
        certChain: options.certChain,
      })
      sendRaw(handshake.onClientHello(frame))
      return
    }
    if (!transport) {
      const result = handshake.onClientFinish(frame)
      transport = result.transport
      clientStaticKey = result.clientStaticKey
      payload = proto.ClientPayload.decode(result.clientPayload)
      queue = queue.then(() => options.handlers.onHandshake(conn))
      return
    }
    if (conn.silent) return
    const plain = transport.decrypt(frame)
    queue = queue.then(async () => {
      const node = await decodeBinaryNode(plain)
      if (logger.isLevelEnabled('trace')) logger.trace({ xml: binaryNodeToString(node) }, 'recv')
      const pending = node.tag === 'iq' && node.attrs.id ? pendingQueries.get(node.attrs.id) : undefined
      if (pending && (node.attrs.type === 'result' || node.attrs.type === 'error')) {
        pendingQueries.delete(node.attrs.id!)
        clearTimeout(pending.timer)
        pending.resolve(node)
        return
      }
      if (conn.silent) return
      await options.handlers.onNode(conn, node)
    })
    queue = queue.catch(err => logger.error({ err }, 'error handling a stanza'))
  }

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || closed) return
    try {
      for (const frame of reader.push(data)) handleFrame(frame)
    } catch (err) {
      logger.warn({ err }, 'protocol error, dropping the connection')
      ws.terminate()
    }
  })
  ws.on('error', err => logger.debug({ err }, 'socket error'))
  ws.on('close', () => {
    if (closed) return
    closed = true
    for (const pending of pendingQueries.values()) {
      clearTimeout(pending.timer)
      pending.reject(new Error('connection closed'))
    }
    pendingQueries.clear()
    // After the stanzas already received (e.g. the receipts acking what we sent) are handled.
    queue = queue
      .then(() => options.handlers.onClose(conn))
      .catch(err => logger.error({ err }, 'error closing'))
      .finally(markDone)
  })
  return conn
}
