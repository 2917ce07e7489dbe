import { fromStreamName } from '../../domain/streams.ts'

/** Every NATS name the gateway uses, in one place. */
export const EVENTS_STREAM = 'WAG_EVENTS'
export const EVENTS_SUBJECT_PREFIX = 'wag.events'
/** wag.events.<stream category>: e.g. wag.events.session for session-<id> streams; wag.events.other outside the categories. */
export const eventSubject = (streamId: string) => `${EVENTS_SUBJECT_PREFIX}.${fromStreamName(streamId)?.category ?? 'other'}`
export const COMMAND_SUBJECT_PREFIX = 'wag.cmd'
export const commandSubject = (address: string) => `${COMMAND_SUBJECT_PREFIX}.${address}`
export const LEASES_BUCKET = 'wag_leases'
