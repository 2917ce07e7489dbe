/**
 * WhatsApp Web transport framing: every frame is a 3-byte big-endian length followed by the body.
 * The client's very first chunk also carries an intro: the 4-byte `WA` header (NOISE_WA_HEADER),
 * optionally preceded by an `ED` edge-routing header when the client has routing info.
 */

/** Largest body a 3-byte length can describe. */
export const MAX_FRAME_SIZE = 0xff_ff_ff

const WA_MAGIC = Buffer.from('WA')
const ED_MAGIC = Buffer.from('ED')
const WA_HEADER_LENGTH = 4
/** `ED` + 0 + 1 + 3-byte routing-info length. */
const ED_HEADER_LENGTH = 7

export function encodeFrame(body: Uint8Array): Buffer {
  if (body.length > MAX_FRAME_SIZE) {
    throw new Error(`frame too large: ${body.length} bytes`)
  }
  const frame = Buffer.allocUnsafe(3 + body.length)
  frame[0] = (body.length >>> 16) & 0xff
  frame[1] = (body.length >>> 8) & 0xff
  frame[2] = body.length & 0xff
  frame.set(body, 3)
  return frame
}

export type FrameReader = {
  /** Feeds received bytes; returns the complete frames they finish, in order. */
  push(chunk: Uint8Array): Buffer[]
  /** The intro header the client sent (the WA header), once seen. */
  readonly introHeader: Buffer | undefined
}

/**
 * Splits a byte stream into frames. With `expectIntro` (server side), the stream starts with the
 * client's intro header, which is skipped and remembered (it is part of the Noise prologue).
 */
export function createFrameReader(options: { expectIntro: boolean }): FrameReader {
  let buffered = Buffer.alloc(0)
  let introPending = options.expectIntro
  let introHeader: Buffer | undefined

  const consumeIntro = (): boolean => {
    if (buffered.length >= 2 && buffered.subarray(0, 2).equals(ED_MAGIC)) {
      if (buffered.length < ED_HEADER_LENGTH) return false
      const routingLength = (buffered[4]! << 16) | buffered.readUInt16BE(5)
      const total = ED_HEADER_LENGTH + routingLength + WA_HEADER_LENGTH
      if (buffered.length < total) return false
      introHeader = Buffer.from(buffered.subarray(total - WA_HEADER_LENGTH, total))
      buffered = buffered.subarray(total)
    } else {
      if (buffered.length < WA_HEADER_LENGTH) return false
      introHeader = Buffer.from(buffered.subarray(0, WA_HEADER_LENGTH))
      buffered = buffered.subarray(WA_HEADER_LENGTH)
    }
    if (!introHeader.subarray(0, 2).equals(WA_MAGIC)) {
      throw new Error(`bad intro header: ${introHeader.toString('hex')}`)
    }
    introPending = false
    return true
  }

  return {
    get introHeader() {
      return introHeader
    },
    push(chunk) {
      buffered = buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffered, chunk])
      if (introPending && !consumeIntro()) return []
      const frames: Buffer[] = []
      while (buffered.length >= 3) {
        const size = (buffered[0]! << 16) | (buffered[1]! << 8) | buffered[2]!
        if (buffered.length < 3 + size) break
        frames.push(Buffer.from(buffered.subarray(3, 3 + size)))
        buffered = buffered.subarray(3 + size)
      }
      return frames
    },
  }
}
