import { aboutOf, blockedBy, contactQueries, placeCall, setAbout, type AboutChangeRecord, type BlocklistChangeRecord, type BusinessProfileInput, type CallRecord } from '../contact-queries.ts'
import { badRequest } from '../errors.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'

/** Blocklists, abouts and calls: what clients changed, and contacts placing calls. */
export type ContactQueriesApi = {
  /** A user's about (what usync's status protocol answers), and sets it (for a contact: what the gateway then reads). */
  getAbout(user: string): { text: string; setAt: string }
  setAbout(user: string, text: string): void
  /** Makes a user a business account with this profile (what `getBusinessProfile` reads); null: a personal account again. */
  setBusinessProfile(user: string, profile: BusinessProfileInput | null): void
  /** The users (PN digits) a phone blocks. */
  blocklist(phone: string): string[]
  /** Each block / unblock a phone's devices sent, oldest first. */
  blocklistChanges(phone?: string): BlocklistChangeRecord[]
  /** Each about a phone's devices set, oldest first. */
  aboutChanges(phone?: string): AboutChangeRecord[]
  /** A contact calls a phone (every linked device gets the offer); the record shows whether a device rejected it. */
  placeCall(input: { from: string; to: string; video?: boolean }): CallRecord
  calls(phone?: string): CallRecord[]
  /** Resolves once the call is rejected by a device (rejects after `timeoutMs`). */
  waitForCallRejected(callId: string, timeoutMs?: number): Promise<CallRecord>
}

export const contactQueriesFacet: Facet<keyof ContactQueriesApi> = ({ core }) => ({
  getAbout(user) {
    const about = aboutOf(core, requireUser(core, user))
    return { text: about.text, setAt: new Date(about.t * 1000).toISOString() }
  },
  setAbout(user, text) {
    if (typeof text !== 'string' || text.length > 139) throw badRequest('about must be a text of at most 139 characters')
    setAbout(core, requireUser(core, user), text)
  },
  setBusinessProfile(user, profile) {
    const { pn } = requireUser(core, user)
    if (profile === null) return void contactQueries(core).business.delete(pn)
    if (!profile || typeof profile.description !== 'string') throw badRequest('give { description, category?, email?, website?, address? }')
    contactQueries(core).business.set(pn, profile)
  },
  blocklist: (phone) => blockedBy(core, requirePhone(core, phone).pn),
  blocklistChanges: (phone) => contactQueries(core).blocklistChanges.list((r) => !phone || r.phone === requirePhone(core, phone).pn),
  aboutChanges: (phone) => contactQueries(core).aboutChanges.list((r) => !phone || r.phone === requirePhone(core, phone).pn),
  placeCall(input) {
    if (!input || typeof input !== 'object') throw badRequest('give { from, to, video? }')
    return placeCall(core, requireUser(core, input.from), requirePhone(core, input.to).pn, { video: Boolean(input.video) })
  },
  calls: (phone) => contactQueries(core).calls.list((r) => !phone || r.to === requirePhone(core, phone).pn),
  waitForCallRejected: (callId, timeoutMs = 10_000) => contactQueries(core).calls.waitFor((r) => r.id === callId && r.outcome === 'rejected', timeoutMs),
})
