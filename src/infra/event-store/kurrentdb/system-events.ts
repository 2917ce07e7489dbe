import { excludeSystemEvents, type Filter } from '@kurrent/kurrentdb-client'

/**
 * The server's own events ($-prefixed types: stats, settings, projections' bookkeeping) are not ours:
 * every read and subscription of $all leaves them out, on the server side.
 */
export const ourEvents = (): Filter => excludeSystemEvents()
