/** Every NATS name the gateway uses, in one place. */
export const EVENTS_STREAM = 'WAG_EVENTS'
export const EVENTS_SUBJECT_PREFIX = 'wag.events'
/** wag.events.<stream type>: e.g. wag.events.session for session-<id> streams. */
export const eventSubject = (streamId: string) => `${EVENTS_SUBJECT_PREFIX}.${streamId.split('-', 1)[0] || 'other'}`
export const COMMAND_SUBJECT_PREFIX = 'wag.cmd'
export const commandSubject = (address: string) => `${COMMAND_SUBJECT_PREFIX}.${address}`
export const LEASES_BUCKET = 'wag_leases'
