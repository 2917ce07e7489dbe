const KB = 1024
const MB = 1024 * KB

/**
 * A size limit as people read it: bytes under 1 KB, KB under 1 MB, else MB, with at most one decimal
 * and never rounded up (a limit must not be stated larger than it is: 700 KB is not "1 MB").
 */
export function formatByteSize(bytes: number): string {
  if (bytes < KB) return `${bytes} bytes`
  if (bytes < MB) return `${roundDown(bytes / KB)} KB`
  return `${roundDown(bytes / MB)} MB`
}

const roundDown = (value: number) => Math.floor(value * 10) / 10
