/**
 * An append-only, bounded log of message records with waiters: `waitFor` resolves with the first
 * record (already present or arriving later) that matches, which is how tests "poll" for what a
 * client sent without sleeping.
 */
export type LogRecord = { seq: number; id: string }

export type MessageLog<T extends LogRecord> = {
  append(record: Omit<T, 'seq'>): T
  /** Call after mutating a record in place (status updates), so it persists and wakes waiters. */
  touch(record: T): void
  list(filter?: (record: T) => boolean): T[]
  findById(id: string): T | undefined
  waitFor(filter: (record: T) => boolean, timeoutMs: number): Promise<T>
  close(): void
}

export function createMessageLog<T extends LogRecord>(options: {
  records: T[]
  nextSeq: () => number
  limit: number
  onChange: (records: T[]) => void
}): MessageLog<T> {
  const records = options.records
  type Waiter = { filter: (record: T) => boolean; resolve: (record: T) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }
  const waiters = new Set<Waiter>()

  const wake = (record: T) => {
    for (const waiter of [...waiters]) {
      if (waiter.filter(record)) {
        waiters.delete(waiter)
        clearTimeout(waiter.timer)
        waiter.resolve(record)
      }
    }
  }

  return {
    append(partial) {
      const record = { ...partial, seq: options.nextSeq() } as T
      records.push(record)
      if (records.length > options.limit) records.splice(0, records.length - options.limit)
      options.onChange(records)
      wake(record)
      return record
    },
    touch(record) {
      options.onChange(records)
      wake(record)
    },
    list: filter => (filter ? records.filter(filter) : [...records]),
    findById(id) {
      for (let i = records.length - 1; i >= 0; i--) if (records[i]!.id === id) return records[i]
      return undefined
    },
    waitFor(filter, timeoutMs) {
      const existing = records.find(filter)
      if (existing) return Promise.resolve(existing)
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          filter,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter)
            reject(new Error(`no matching message within ${timeoutMs} ms`))
          }, timeoutMs),
        }
        waiters.add(waiter)
      })
    },
    close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer)
        waiter.reject(new Error('sandbox closed'))
      }
      waiters.clear()
    },
  }
}
