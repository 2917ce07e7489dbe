import { DisconnectReason } from '@whiskeysockets/baileys'
import type { CloseReason } from '../../domain/ports/whatsapp-driver.ts'

/** Baileys' close codes (Boom status) in the driver port's words. */
export function closeReasonOf(error: unknown): { reason: CloseReason; detail: string } {
  const boom = error as { output?: { statusCode?: number }; message?: string } | undefined
  const code = boom?.output?.statusCode
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
