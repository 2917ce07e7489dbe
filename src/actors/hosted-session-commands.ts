import type { SessionCommands } from '../domain/ports/session-commands.ts'
import type { SessionRegistry } from './session-registry.ts'

/** The SessionCommands port over this node's registry: a hosted session is its actor, called directly. */
export function hostedSessionCommands(registry: SessionRegistry): SessionCommands {
  return {
    hosted: (sessionId) => registry.get(sessionId),
    hostedSessionIds: () => registry.hostedSessionIds(),
  }
}
