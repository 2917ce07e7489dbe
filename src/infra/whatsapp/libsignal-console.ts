import type { Logger } from 'pino'

/**
 * What libsignal (Baileys' Signal implementation) writes to the console by itself. Some of it prints
 * whole session records, private keys included ("Closing session: SessionEntry { … privKey … }"), on
 * every re-keying: none of it may reach stdout.
 */
const LIBSIGNAL_MESSAGES = [
  'Closing session',
  'Opening session',
  'Removing old closed session',
  'Session already closed',
  'Session already open',
  'Migrating session to',
  'Closing open session in favor of incoming prekey bundle',
  'Closing stale open session',
  'Decrypted message with closed session',
  'Failed to decrypt message with any known session',
  'Session error:',
  'V1 session storage migration error',
  'WARNING: Expected pubkey of length 33',
  'Unhandled bucket type',
] as const

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

let target: Logger | undefined
const wrappers = new WeakSet<object>()

/** Whether a console line (its first argument, or the whole formatted text) is one of libsignal's. */
export function isLibsignalConsoleMessage(first: unknown): boolean {
  return typeof first === 'string' && LIBSIGNAL_MESSAGES.some((m) => first.startsWith(m))
}

/**
 * From now on, libsignal's console lines go to `logger` at debug, as their text alone (never the
 * session objects after it); every other console call is left as it was. A later call changes the
 * logger, and wraps only console methods replaced since.
 */
export function routeLibsignalConsole(logger: Logger): void {
  target = logger.child({ component: 'libsignal' })
  for (const method of METHODS) {
    if (wrappers.has(console[method])) continue
    const original = console[method].bind(console)
    const wrapper = (...args: unknown[]) => {
      const [first] = args
      if (!isLibsignalConsoleMessage(first)) return original(...args)
      const text = String(first).replace(/[:\s]+$/, '')
      target?.debug({ console: method }, text)
    }
    wrappers.add(wrapper)
    console[method] = wrapper
  }
}
