/**
 * Contact actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'contact.<verb>'.
 */
export type ContactAction = CheckContacts | FetchContactProfile | SetContactBlocked

/** Which of these phone-number JIDs are on WhatsApp (usync, batched, paced and cached by the driver). */
export interface CheckContacts {
  readonly kind: 'contact.check'
  readonly jids: readonly string[]
}

/** What WhatsApp says of a person right now: about, picture, business profile. */
export interface FetchContactProfile {
  readonly kind: 'contact.profile'
  readonly jid: string
}

export interface SetContactBlocked {
  readonly kind: 'contact.block'
  readonly jid: string
  readonly blocked: boolean
}

/** contact.check's answer: one per JID asked, in order. */
export interface ContactCheck {
  readonly jid: string
  readonly exists: boolean
  /** The JID WhatsApp answered (its canonical form), when it exists. */
  readonly lid?: string | null
}

/** contact.profile's answer. */
export interface ContactProfile {
  readonly about: string | null
  readonly aboutSetAt: string | null
  readonly picture: string | null
  readonly business: BusinessProfile | null
}

export interface BusinessProfile {
  readonly description: string | null
  readonly category: string | null
  readonly email: string | null
  readonly website: readonly string[]
  readonly address: string | null
}
