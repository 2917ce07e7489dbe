/**
 * Message actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'message.<verb>'.
 */
export type MessageAction = never
