export type Role = 'SUPERADMIN' | 'OWNER' | 'STAFF'
export type SessionStatus = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED' | 'ZOMBIE'

export interface User {
  id: string
  email: string
  role: Role
  disabled: boolean
  assignedSessionIds: string[]
  createdAt: string
  updatedAt: string
}

export interface Me extends User {
  via: string
  passwordChangeSuggested?: boolean
}

export interface SessionConfig {
  autoReplyEnabled?: boolean
  ppGuardEnabled?: boolean
  ppGuardFallbackUrl?: string | null
  readReceipts?: boolean
  antiDelete?: boolean
  ghostMode?: boolean
  rejectCalls?: boolean
  rejectCallsMessage?: string | null
  /** Shown masked (`socks5://user:***@host:port`); sending a new URL replaces it, null removes it. */
  proxy?: string | null
}

export interface Session {
  id: string
  userId: string
  name: string
  sessionId: string
  status: SessionStatus
  qr: string | null
  pairingCode: string | null
  config: SessionConfig
  me: { jid: string; lid?: string; name?: string } | null
  statusReason: string | null
  createdAt: string
  updatedAt: string
}

export interface Chat {
  jid: string
  name: string | null
  notify: string | null
  profilePic: string | null
  lastMessage: { content: string | null; timestamp: string; type: string; fromMe?: boolean } | null
  isGroup: boolean
  /** The person's other form (LID or phone-number JID), when known. */
  jidAlt?: string | null
  archived?: boolean
  pinned?: boolean
  mutedUntil?: string | null
  unreadCount?: number
  markedUnread?: boolean
}

export interface PollOption {
  name: string
  votes: number
  voters: string[]
}

export interface Poll {
  name: string
  selectableCount: number
  options: PollOption[]
}

export interface Message {
  id: string
  sessionId: string
  remoteJid: string
  senderJid: string | null
  fromMe: boolean
  keyId: string
  pushName: string | null
  type: string
  content: string | null
  mediaUrl: string | null
  status: string | null
  timestamp: string
  quoteId: string | null
  reactions: Record<string, string>
  revoked: boolean
  remoteJidAlt?: string | null
  editedAt?: string | null
  poll?: Poll | null
}

export interface Contact {
  jid: string
  jidAlt: string | null
  lid: string | null
  phoneNumber: string | null
  name: string | null
  notify: string | null
  profilePic: string | null
  blocked: boolean
}

export interface NumberCheck {
  input: string
  jid: string | null
  exists: boolean
  lid: string | null
}

export interface Webhook {
  id: string
  userId: string
  name: string
  url: string
  secret: string | null
  sessionId: string | null
  events: string[]
  isActive: boolean
  createdAt: string
  updatedAt: string
}

export interface Attempt {
  attempt: number
  startedAt: string
  latencyMs: number
  statusCode: number | null
  error: string | null
  nodeId: string
}

export interface Delivery {
  id: string
  webhookId: string
  eventId: string
  event: string
  sessionId: string
  eventPosition: string
  state: 'pending' | 'delivered' | 'dead' | 'cancelled'
  attempts: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  lastLatencyMs: number | null
  lastAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
  attemptLog?: Attempt[]
  payload?: unknown
}

export interface Sandbox {
  sandbox: true
  phones: Array<{ pn: string; jid: string; name: string | null }>
  contacts: Array<{ pn: string; jid: string; name: string | null }>
}
