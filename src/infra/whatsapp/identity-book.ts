import { IdentityEventTypes, type IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import { identityPair, isLidJid, isPhoneJid, userJid } from '../../domain/contacts/jid-forms.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'

/**
 * What one connection knows of LID↔phone-number pairs: the ones Baileys stored before (seeded at
 * connect), and each one it learns from the traffic. It names the canonical form of an address (the
 * phone-number JID when known, the LID until then) and the other one, and hands out each pair to
 * record once per connection: a learnt pair, or a stored one the first time it is used.
 */
export class IdentityBook {
  readonly #pnOf = new Map<string, string>()
  readonly #lidOf = new Map<string, string>()
  readonly #recorded = new Set<string>()
  #pending: IdentityMappedData[] = []

  /** Pairs Baileys kept from earlier connections (not recorded again unless used). */
  seed(pairs: Iterable<IdentityMappedData>): void {
    for (const { lid, pn } of pairs) this.#set(lid, pn)
  }

  /** Two addresses of one person (either order; anything that is not one LID and one PN is ignored). */
  learn(a: string | null | undefined, b: string | null | undefined): void {
    const pair = identityPair(a, b)
    if (!pair) return
    const before = this.#pnOf.get(pair.lid)
    this.#set(pair.lid, pair.pn)
    if (before !== pair.pn || !this.#recorded.has(pair.lid)) this.#record(pair)
  }

  /** The canonical form of a JID: a known LID becomes its phone number; device parts go. */
  canonical(jid: string): string
  canonical(jid: string | null | undefined): string | null
  canonical(jid: string | null | undefined): string | null {
    if (!jid) return null
    const user = userJid(jid)
    if (!isLidJid(user)) return isPhoneJid(user) ? user : jid
    const pn = this.#pnOf.get(user)
    if (!pn) return user
    if (!this.#recorded.has(user)) this.#record({ lid: user, pn })
    return pn
  }

  /** The other form of a person's address, when known (null for groups, broadcasts, unknown pairs). */
  alternate(jid: string | null | undefined): string | null {
    if (!jid) return null
    const user = userJid(jid)
    if (isLidJid(user)) return this.#pnOf.get(user) ?? null
    if (isPhoneJid(user)) return this.#lidOf.get(user) ?? null
    return null
  }

  /** The identity.mapped events owed since the last call, to record before the traffic that uses them. */
  drain(): NewEvent[] {
    const events = this.#pending.map((data): NewEvent => ({ type: IdentityEventTypes.mapped, data }))
    this.#pending = []
    return events
  }

  #set(lid: string, pn: string): void {
    const previous = this.#pnOf.get(lid)
    if (previous && previous !== pn) this.#lidOf.delete(previous)
    this.#pnOf.set(lid, pn)
    this.#lidOf.set(pn, lid)
  }

  #record(pair: IdentityMappedData): void {
    this.#recorded.add(pair.lid)
    this.#pending.push(pair)
  }
}
