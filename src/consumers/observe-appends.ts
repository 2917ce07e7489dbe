import type { EventStore } from '../domain/ports/event-store.ts'

/** The store, telling `listener` the position of every append that committed through it. */
export function observeAppends(store: EventStore, listener: (position: bigint) => void): EventStore {
  return {
    append: async (streamId, events, expected) => {
      const result = await store.append(streamId, events, expected)
      listener(result.position)
      return result
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    positionAt: (time) => store.positionAt(time),
    alignAfter: (after) => store.alignAfter(after),
    waitForAppend: (timeoutMs, signal) => store.waitForAppend(timeoutMs, signal),
    notifyAppended: () => store.notifyAppended(),
    close: () => store.close(),
  }
}
