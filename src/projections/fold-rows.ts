import type { StoredEvent } from '../domain/ports/event-store.ts'

/**
 * A read model whose rows each fold the events about them: which rows an event touches, and how it
 * changes one (a pure function: the same row, untouched, when nothing changes).
 */
export interface RowFold<Row> {
  keysOf(event: StoredEvent): readonly string[]
  evolve(row: Row | undefined, event: StoredEvent, key: string): Row | undefined
  load(keys: readonly string[]): Promise<ReadonlyMap<string, Row>>
  save(rows: readonly Row[]): Promise<void>
}

/**
 * Applies a batch with two statements instead of one round trip per event: the rows the batch
 * touches are read at once, the events fold into them in order in memory, and the changed rows are
 * written back at once. A projection's transaction stays short, which keeps every reader of the
 * event store moving (they wait for open write transactions).
 */
export async function foldRows<Row>(fold: RowFold<Row>, events: readonly StoredEvent[]): Promise<void> {
  const keys = new Set<string>()
  for (const event of events) for (const key of fold.keysOf(event)) keys.add(key)
  if (keys.size === 0) return
  const rows = new Map(await fold.load([...keys]))
  const changed = new Map<string, Row>()
  for (const event of events) {
    for (const key of fold.keysOf(event)) {
      const before = rows.get(key)
      const after = fold.evolve(before, event, key)
      if (after === undefined || after === before) continue
      rows.set(key, after)
      changed.set(key, after)
    }
  }
  if (changed.size > 0) await fold.save([...changed.values()])
}

/** Splits a list so that no statement carries more parameters than Postgres accepts (65,535). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
