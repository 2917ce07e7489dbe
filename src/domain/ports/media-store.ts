/** Where received media lives once downloaded: files in DATA_DIR (object storage later). */
export interface MediaStore {
  /** Keeps the bytes; returns the name to fetch them by. */
  put(sessionId: string, bytes: Buffer, mimetype: string): Promise<{ name: string; size: number; sha256: string }>
  get(sessionId: string, name: string): Promise<{ bytes: Buffer; mimetype: string } | null>
}
