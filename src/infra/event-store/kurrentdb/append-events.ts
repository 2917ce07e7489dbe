import { jsonEvent, type JSONType, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import { DuplicateEventIdError, type AppendResult, type ExpectedRevision, type NewEvent, type StoredEvent } from '../../../domain/ports/event-store.ts'
import { toStreamState, toWrongExpectedRevision } from './expected-state.ts'
import { readStream } from './read-stream.ts'

/**
 * Appends atomically with the expected revision checked by the server, then reads the written events
 * back: their $all positions (what read-your-writes waits for) come from the stored events themselves,
 * and the read checks that the revisions the server answered hold these very ids.
 *
 * Idempotency, as KurrentDB gives it: a repeat of the same ids in the same stream is recognised by the
 * server (always with an exact revision or no_stream; with `any`/`exists` within its idempotency
 * window, a cache of recent event ids) and answered as the first time, whatever the content. When the
 * server answers WrongExpectedVersion to a repeat, the stream is looked at where the ids would be, so
 * the retry still gets the first result. A partial repeat (only some ids stored) is refused when the
 * server recognises it (DuplicateEventIdError), and written again when its first id is not among the
 * recent ones. An id used in another stream is not detected: KurrentDB keeps ids unique per stream only.
 */
export async function appendEvents(
  client: KurrentDBClient,
  streamId: string,
  events: ReadonlyArray<NewEvent & { id: string }>,
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: (e.data ?? null) as JSONType, metadata: (e.metadata ?? {}) as JSONType }))
  let nextRevision: number
  try {
    const result = await client.appendToStream(streamId, proposed, { streamState: toStreamState(expected) })
    nextRevision = Number(result.nextExpectedRevision)
  } catch (error) {
    const conflict = toWrongExpectedRevision(error, streamId, expected)
    if (!conflict) throw error
    // An `any` append checks nothing: the server refuses one only when its first id is a recent event
    // of this stream and the rest differ (a partial repeat), what Postgres calls a duplicate id.
    if (expected === 'any') throw new DuplicateEventIdError(events[0]!.id)
    const firstRevision = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined
    const repeated = firstRevision === undefined || conflict.actual < firstRevision + events.length - 1 ? undefined : await readAppended(client, streamId, events, firstRevision)
    if (repeated) return repeated
    throw conflict
  }
  const written = await readAppended(client, streamId, events, nextRevision - events.length + 1)
  if (!written) {
    throw new Error(`KurrentDB answered the append to ${streamId} with revision ${nextRevision}, but the stream holds other events there`)
  }
  return written
}

/** The result of an append whose events sit in the stream from `firstRevision` on; undefined when other events do. */
async function readAppended(client: KurrentDBClient, streamId: string, events: ReadonlyArray<{ id: string }>, firstRevision: number): Promise<AppendResult | undefined> {
  if (firstRevision < 0) return undefined
  const stored: StoredEvent[] = await readStream(client, streamId, { fromRevision: firstRevision, maxCount: events.length })
  if (stored.length !== events.length || stored.some((e, i) => e.id.toLowerCase() !== events[i]!.id.toLowerCase())) return undefined
  const last = stored.at(-1)!
  return { nextRevision: last.revision, position: last.position }
}
