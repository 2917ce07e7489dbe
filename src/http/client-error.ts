import type { Duplex } from 'node:stream'

/** What Node's HTTP parser refuses before any route sees the request, as the status it deserves. */
const REFUSALS: Readonly<Record<string, readonly [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request line and headers are larger than 16 KiB; send less in the URL, cookies and headers'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large', 'chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
}

/**
 * Answers requests that Node's HTTP parser refuses (malformed, headers too large, too slow) with the
 * same `{ "error": … }` JSON as every other 4xx, instead of Node's bare text, then closes the socket.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const httpMessage = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || httpMessage?.headersSent) {
    socket.destroy()
    return
  }
  const [status, reason, message] = REFUSALS[error.code ?? ''] ?? [400, 'Bad Request', 'the request is not well-formed HTTP/1.1']
  const body = JSON.stringify({ error: message })
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}
