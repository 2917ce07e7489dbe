import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { Curve, encodeBinaryNode, makeNoiseHandler, NOISE_WA_HEADER, proto } from '@whiskeysockets/baileys'
import { certChainProblem, GENUINE_CERT_CHAIN } from './cert-chain.ts'
import { encodeFrame } from './frames.ts'
import { createNoiseServerHandshake } from './noise-server.ts'

describe('noise server handshake', () => {
  it('the genuine cert chain passes the checks Baileys makes', () => {
    expect(certChainProblem(GENUINE_CERT_CHAIN)).toBeUndefined()
  })

  it('completes a handshake with Baileys own client-side noise handler and exchanges transport frames', async () => {
    const clientEphemeral = Curve.generateKeyPair()
    const noiseKey = Curve.generateKeyPair()
    const client = makeNoiseHandler({
      keyPair: clientEphemeral,
      NOISE_HEADER: NOISE_WA_HEADER,
      logger: pino({ level: 'silent' }),
    })
    const server = createNoiseServerHandshake({
      introHeader: NOISE_WA_HEADER,
      serverStaticKey: Curve.generateKeyPair(),
      certChain: GENUINE_CERT_CHAIN,
    })

    const hello = proto.HandshakeMessage.encode({ clientHello: { ephemeral: clientEphemeral.public } }).finish()
    const serverHello = proto.HandshakeMessage.decode(server.onClientHello(hello))
    const keyEnc = client.processHandshake(serverHello, noiseKey)
    const payload = Buffer.from('client payload')
    const finish = proto.HandshakeMessage.encode({
      clientFinish: { static: keyEnc, payload: client.encrypt(payload) },
    }).finish()
    const result = server.onClientFinish(finish)
    await client.finishInit()

    expect(result.clientStaticKey).toEqual(noiseKey.public)
    expect(result.clientPayload).toEqual(payload)

    // client -> server: the client's first encoded frame still carries its intro header, then the length
    const fromClient = client.encodeFrame(Buffer.from([1, 2, 3]))
    expect(result.transport.decrypt(fromClient.subarray(NOISE_WA_HEADER.length + 3))).toEqual(Buffer.from([1, 2, 3]))

    // server -> client: a binary node encrypted by our transport decodes on the client
    const node = { tag: 'iq', attrs: { id: '1', type: 'result' } }
    const received: unknown[] = []
    await client.decodeFrame(encodeFrame(result.transport.encrypt(encodeBinaryNode(node))), frame => received.push(frame))
    expect(received).toEqual([node])
  })
})
