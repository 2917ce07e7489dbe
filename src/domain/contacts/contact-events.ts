/**
 * Who this account blocks. Baileys tells the whole list at login (`blocklist.set`) and each change
 * (`blocklist.update`, also when blocked from the phone); the gateway's own block and unblock are
 * recorded the same way, so the contacts read model follows one event.
 */
export const BlocklistEventTypes = { changed: 'contact.blocklist' } as const

export interface BlocklistChangedData {
  /** `set`: these are all the blocked people (anyone else is not); `block`/`unblock`: these changed. */
  readonly action: 'set' | 'block' | 'unblock'
  /** Canonical JIDs (the phone number when known). */
  readonly jids: readonly string[]
}
