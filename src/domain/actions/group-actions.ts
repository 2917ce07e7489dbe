/**
 * Group actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'group.<verb>'.
 */
export type GroupParticipantsAction = 'add' | 'remove' | 'promote' | 'demote'

export type GroupAction =
  /** Add, remove, promote or demote members; WhatsApp answers a status per participant. */
  | { kind: 'group.participants'; groupJid: string; action: GroupParticipantsAction; participants: readonly string[] }
  /** Subject, description and the two settings; only what is given changes. */
  | { kind: 'group.update'; groupJid: string; subject?: string; description?: string; announce?: boolean; restrict?: boolean }
  | { kind: 'group.invite-code'; groupJid: string }
  | { kind: 'group.revoke-invite'; groupJid: string }
  | { kind: 'group.join'; inviteCode: string }
  | { kind: 'group.leave'; groupJid: string }

/** WhatsApp's answer for one participant of a change: '200' when done, else its error code ('403', '404', '409'...). */
export interface GroupParticipantResult {
  /** The address as the action named it. */
  readonly given: string
  /** Canonical, with the other form when known (after the change, WhatsApp's member list tells it). */
  readonly jid: string
  readonly jidAlt: string | null
  readonly status: string
}
