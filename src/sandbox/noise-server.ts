/**
 * Server side of WhatsApp's Noise_XX_25519_AESGCM_SHA256 handshake.
 *
 *   client -> server: clientHello { ephemeral }
 *   server -> client: serverHello { ephemeral, static (encrypted), payload (encrypted CertChain) }
 *   client -> server: clientFinish { static (encrypted noise key), payload (encrypted ClientPayload) }
 *
 * The running hash is the AES-GCM associated data; keys are mixed with HKDF-SHA256 keyed by the
 * running salt. Baileys' makeNoiseHandler is the client mirror of this.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto'
import { Curve, NOISE_MODE, proto } from '@whiskeysockets/baileys'
import type { KeyPair } from '@whiskeysockets/baileys'

const IV_LENGTH = 12
const TAG_LENGTH = 16
const EMPTY = Buffer.alloc(0)

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest()

function counterIv(counter: number): Buffer {
  const iv = Buffer.alloc(IV_LENGTH)
  iv.writeUInt32BE(counter, 8)
  return iv
}

export function aesGcmEncrypt(plaintext: Uint8Array, key: Uint8Array, iv: Uint8Array, aad: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

export function aesGcmDecrypt(ciphertext: Uint8Array, key: Uint8Array, iv: Uint8Array, aad: Uint8Array): Buffer {
  if (ciphertext.length < TAG_LENGTH) throw new Error('ciphertext shorter than the GCM tag')
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(aad)
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_LENGTH))
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_LENGTH)), decipher.final()])
}

/** Post-handshake encryption: one key and one counter (as the IV) per direction. */
export type NoiseTransport = {
  encrypt(plaintext: Uint8Array): Buffer
  decrypt(ciphertext: Uint8Array): Buffer
}

function makeTransport(encKey: Buffer, decKey: Buffer): NoiseTransport {
  let writeCounter = 0
  let readCounter = 0
  return {
    encrypt: plaintext => aesGcmEncrypt(plaintext, encKey, counterIv(writeCounter++), EMPTY),
    decrypt: ciphertext => aesGcmDecrypt(ciphertext, decKey, counterIv(readCounter++), EMPTY),
  }
}

export type HandshakeResult = {
  /** The client's static key: Baileys' `creds.noiseKey.public`; identifies a paired companion. */
  clientStaticKey: Buffer
  /** The decrypted `proto.ClientPayload` bytes (registration or login). */
  clientPayload: Buffer
  transport: NoiseTransport
}

export type NoiseServerHandshake = {
  /** Takes the first client frame (HandshakeMessage.clientHello); returns the serverHello frame body. */
  onClientHello(frame: Uint8Array): Buffer
  /** Takes the second client frame (HandshakeMessage.clientFinish); completes the handshake. */
  onClientFinish(frame: Uint8Array): HandshakeResult
}

export function createNoiseServerHandshake(options: {
  /** The intro header the client sent first (part of the prologue). */
  introHeader: Uint8Array
  serverStaticKey: KeyPair
  certChain: Uint8Array
}): NoiseServerHandshake {
  const mode = Buffer.from(NOISE_MODE)
  let hash = mode.length === 32 ? mode : sha256(mode)
  let salt = hash
  let cipherKey = hash
  let counter = 0
  const ephemeral = Curve.generateKeyPair()
  let clientEphemeral: Buffer | undefined

  const authenticate = (data: Uint8Array) => {
    hash = sha256(Buffer.concat([hash, data]))
  }
  const mixIntoKey = (inputKeyMaterial: Uint8Array) => {
    const out = Buffer.from(hkdfSync('sha256', inputKeyMaterial, salt, EMPTY, 64))
    salt = out.subarray(0, 32)
    cipherKey = out.subarray(32)
    counter = 0
  }
  const encrypt = (plaintext: Uint8Array) => {
    const ciphertext = aesGcmEncrypt(plaintext, cipherKey, counterIv(counter++), hash)
    authenticate(ciphertext)
    return ciphertext
  }
  const decrypt = (ciphertext: Uint8Array) => {
    const plaintext = aesGcmDecrypt(ciphertext, cipherKey, counterIv(counter++), hash)
    authenticate(ciphertext)
    return plaintext
  }

  authenticate(options.introHeader)

  return {
    onClientHello(frame) {
      const hello = proto.HandshakeMessage.decode(frame).clientHello
      if (!hello?.ephemeral || hello.ephemeral.length !== 32) throw new Error('expected clientHello with a 32-byte ephemeral')
      clientEphemeral = Buffer.from(hello.ephemeral)
      authenticate(clientEphemeral)
      authenticate(ephemeral.public)
      mixIntoKey(Curve.sharedKey(ephemeral.private, clientEphemeral))
      const encryptedStatic = encrypt(options.serverStaticKey.public)
      mixIntoKey(Curve.sharedKey(options.serverStaticKey.private, clientEphemeral))
      const encryptedCert = encrypt(options.certChain)
      return Buffer.from(
        proto.HandshakeMessage.encode({
          serverHello: { ephemeral: ephemeral.public, static: encryptedStatic, payload: encryptedCert },
        }).finish(),
      )
    },
    onClientFinish(frame) {
      if (!clientEphemeral) throw new Error('clientFinish before clientHello')
      const finish = proto.HandshakeMessage.decode(frame).clientFinish
      if (!finish?.static || !finish.payload) throw new Error('expected clientFinish')
      const clientStaticKey = decrypt(finish.static)
      mixIntoKey(Curve.sharedKey(ephemeral.private, clientStaticKey))
      const clientPayload = decrypt(finish.payload)
      const keys = Buffer.from(hkdfSync('sha256', EMPTY, salt, EMPTY, 64))
      // The client writes with the first half and reads with the second: we mirror it.
      const transport = makeTransport(keys.subarray(32), keys.subarray(0, 32))
      return { clientStaticKey, clientPayload, transport }
    },
  }
}
