import { DisconnectReason } from '@whiskeysockets/baileys'
import type { CloseReason } from '../../domain/ports/whatsapp-driver.ts'

/** Socket and DNS errors that mean WhatsApp's server was never reached. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ETIMEDOUT', 'ECONNRESET', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])

/**
 * Baileys' close codes (Boom status) in the driver port's words. `host` is the WebSocket's host, for
 * a close that never reached it: "cannot reach web.whatsapp.com (ENOTFOUND)".
 */
export function closeReasonOf(error: unknown, host = 'web.whatsapp.com'): { reason: CloseReason; detail: string } {
  const boom = error as { output?: { statusCode?: number }; message?: string; data?: { code?: unknown } } | undefined
  const code = boom?.output?.statusCode
  const socketCode = typeof boom?.data?.code === 'string' ? boom.data.code : undefined
  if (socketCode && UNREACHABLE.has(socketCode)) return { reason: 'unreachable', detail: `cannot reach ${host} (${socketCode})` }
  const detail = `${code ?? 'no code'}: ${boom?.message ?? 'closed'}`
  switch (code) {
    case DisconnectReason.loggedOut:
    case DisconnectReason.forbidden:
    case DisconnectReason.multideviceMismatch:
      return { reason: 'logged_out', detail }
    case DisconnectReason.restartRequired:
      return { reason: 'restart_required', detail }
    case DisconnectReason.connectionReplaced:
      return { reason: 'replaced', detail }
    case DisconnectReason.connectionLost:
      if (/QR refs attempts ended/i.test(boom?.message ?? '')) return { reason: 'qr_timeout', detail }
      // Baileys' own keepalive gave up: the socket stayed open but WhatsApp stopped answering.
      return { reason: /lost/i.test(boom?.message ?? '') ? 'silent' : 'connection_lost', detail }
    case DisconnectReason.connectionClosed:
    case DisconnectReason.unavailableService:
      return { reason: 'connection_lost', detail }
    default:
      return { reason: 'failed', detail }
  }
}
