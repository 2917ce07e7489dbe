/** One benchmark figure beside its same-run baseline. */
export interface Figure {
  readonly name: string
  readonly unit: string
  readonly ours: number
  readonly baseline: number
  /** 'higher' when more is better (throughput), 'lower' for latencies. */
  readonly better: 'higher' | 'lower'
  /** Required ours/baseline ratio (for 'higher') or baseline/ours (for 'lower'), if the issue sets one. */
  readonly target?: number
  /** An absolute ceiling on ours (for quantities that do not drift with machine load, like memory). */
  readonly max?: number
  readonly note?: string
}

export function ratioOf(f: Figure): number {
  return f.better === 'higher' ? f.ours / f.baseline : f.baseline / f.ours
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2))

export function printFigures(title: string, figures: readonly Figure[]): boolean {
  console.log(`\n${title}`)
  const rows = figures.map((f) => {
    const ratio = ratioOf(f)
    const verdict =
      f.target !== undefined
        ? `${ratio >= f.target ? 'PASS' : 'FAIL'} (target ≥ ${Math.round(f.target * 100)}%)`
        : f.max !== undefined
          ? `${f.ours <= f.max ? 'PASS' : 'FAIL'} (target ≤ ${fmt(f.max)} ${f.unit})`
          : ''
    return [f.name, f.unit, fmt(f.ours), fmt(f.baseline), `${Math.round(ratio * 100)}%`, verdict, f.note ?? '']
  })
  const header = ['figure', 'unit', 'ours', 'baseline', 'ratio', 'verdict', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  return figures.every((f) => (f.target === undefined || ratioOf(f) >= f.target) && (f.max === undefined || f.ours <= f.max))
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Runs `work` on `concurrency` workers for `ms` and returns how many units they completed per second. */
export async function throughput(concurrency: number, ms: number, work: (worker: number) => Promise<number>): Promise<number> {
  const deadline = performance.now() + ms
  const started = performance.now()
  let units = 0
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        // Not `units += await work()`: that reads `units` before the await and loses the other workers' counts.
        const done = await work(worker)
        units += done
      }
    }),
  )
  return units / ((performance.now() - started) / 1000)
}
