/** A call someone placed to this account (Baileys' `call` event, offer), and whether the gateway rejected it. */
export const CallEventTypes = { received: 'call.received' } as const

export interface CallReceivedData {
  /** WhatsApp's call id. */
  readonly id: string
  /** The caller, canonical (the phone number when known), and its other form. */
  readonly from: string
  readonly fromAlt: string | null
  /** The group the call is in, for a group call. */
  readonly groupJid: string | null
  readonly isVideo: boolean
  readonly isGroup: boolean
  readonly status: 'offer'
  /** ISO time WhatsApp stamped the call with. */
  readonly at: string
  /** The session's rejectCalls was on: the gateway declined it. */
  readonly rejected: boolean
}
