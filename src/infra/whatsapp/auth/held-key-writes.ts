import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { RecordingBarrier } from '../recording-barrier.ts'

/**
 * Signal key writes that wait for the messages before them to be recorded (see RecordingBarrier):
 * after a crash the stored keys are those from before the unrecorded messages, so WhatsApp's second
 * delivery of them decrypts. Baileys sees its writes at once (they are read back from memory until
 * stored); with nothing waiting, a write goes straight to the store as before.
 */
export function holdKeyWrites(store: SignalKeyStore, barrier: RecordingBarrier, log: Logger): SignalKeyStore {
  /** Writes not yet in the store, by `type/id`; null: deleted. */
  const unstored = new Map<string, { value: unknown; write: number }>()
  let writes = 0
  /** Held writes reach the store one after another, in the order Baileys made them. */
  let storing: Promise<void> = Promise.resolve()
  const keyOf = (type: string, id: string) => `${type}/${id}`

  return {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const fromStore = ids.filter((id) => !unstored.has(keyOf(type, id)))
      const result: { [id: string]: SignalDataTypeMap[T] } = fromStore.length > 0 ? await store.get(type, fromStore) : {}
      for (const id of ids) {
        const held = unstored.get(keyOf(type, id))
        if (held && held.value != null) result[id] = held.value as SignalDataTypeMap[T]
      }
      return result
    },
    async set(data: SignalDataSet) {
      if (barrier.clear && unstored.size === 0) return store.set(data)
      const write = ++writes
      for (const [type, values] of Object.entries(data)) {
        for (const [id, value] of Object.entries(values ?? {})) unstored.set(keyOf(type, id), { value, write })
      }
      barrier.hold(() => {
        storing = storing
          .then(() => store.set(data))
          .catch((error: unknown) => log.error({ err: error }, 'could not store Signal keys'))
          .then(() => {
            for (const [key, held] of unstored) if (held.write <= write) unstored.delete(key)
          })
      })
    },
  }
}
