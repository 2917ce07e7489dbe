import type { SessionCommand } from '../session-commands.ts'
import type { SessionActor } from './session-actor.ts'

/**
 * Runs a command on the session's actor, as its bus address serves it (and as a command for a session
 * on this node is called directly). The answer is plain JSON, fit for the bus.
 */
export function handleSessionCommand(actor: SessionActor, command: SessionCommand): Promise<unknown> {
  switch (command.type) {
    case 'session.start':
      return actor.start(command.cause, command.connectOptions)
    case 'session.stop':
      return actor.stop(command.cause)
    case 'session.restart':
      return actor.restart(command.cause)
    case 'session.logout':
      return actor.logout(command.cause)
    case 'session.update-settings':
      return actor.updateSettings(command.config, command.cause)
    case 'session.delete':
      return actor.delete(command.cause)
    case 'session.send':
      return actor.send(command.request, command.cause)
    case 'session.create-group':
      return actor.createGroup(command.subject, command.participants)
    case 'session.act':
      return actor.act(command.action)
    case 'session.status':
      return Promise.resolve({ status: actor.status })
  }
}
