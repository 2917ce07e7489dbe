/**
 * Profile actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'profile.<verb>'.
 */
export type ProfileAction = never
