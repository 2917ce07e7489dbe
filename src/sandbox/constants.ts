/**
 * Protocol strings of the WhatsApp Web protocol as Baileys 7.0.0-rc14 speaks it.
 * Kept in one place so the handlers read like the protocol and a Baileys upgrade is one diff.
 */

/** Server part of phone-number user JIDs. */
export const PN_SERVER = 's.whatsapp.net'
/** Server part of LID user JIDs. */
export const LID_SERVER = 'lid'
/** Server part of group JIDs. */
export const GROUP_SERVER = 'g.us'
/** The JID Baileys addresses server queries to (note the leading "@", as Baileys writes it). */
export const SERVER_JID = '@s.whatsapp.net'
/** Status (stories) broadcast JID: where clients post statuses (status-messages.ts). */
export const STATUS_BROADCAST_JID = 'status@broadcast'

/** `xmlns` values of the iq queries the sandbox answers. */
export const XMLNS = {
  encrypt: 'encrypt',
  usync: 'usync',
  passive: 'passive',
  abt: 'abt',
  blocklist: 'blocklist',
  privacy: 'privacy',
  ping: 'w:p',
  appState: 'w:sync:app:state',
  groups: 'w:g2',
  media: 'w:m',
  md: 'md',
  dirty: 'urn:xmpp:whatsapp:dirty',
  stats: 'w:stats',
  mex: 'w:mex',
  status: 'status',
  profilePicture: 'w:profile:picture',
  disappearingMode: 'disappearing_mode',
  bot: 'bot',
  business: 'w:biz',
} as const

/** Stanza tags. */
export const TAG = {
  iq: 'iq',
  message: 'message',
  receipt: 'receipt',
  ack: 'ack',
  notification: 'notification',
  presence: 'presence',
  chatstate: 'chatstate',
  call: 'call',
  ib: 'ib',
  success: 'success',
  failure: 'failure',
  streamError: 'stream:error',
} as const

/** Prefix of the QR string Baileys 7 emits; the rest is `ref,noiseKey,identityKey,advSecret,platform`. */
export const QR_PREFIX = 'https://wa.me/settings/linked_devices#'

/** `<stream:error code>` values. */
export const STREAM_ERROR = {
  /** After pair-success the client must reconnect and log in (Baileys: DisconnectReason.restartRequired). */
  restartRequired: '515',
  /** The device was unlinked (Baileys: DisconnectReason.loggedOut). */
  loggedOut: '401',
} as const

/** `<failure reason>` for a login with a device the server does not know (Baileys: loggedOut). */
export const FAILURE_LOGGED_OUT = '401'

/** The ADV device type of a companion that is not hosted (proto.ADVEncryptionType.E2EE). */
export const ADV_ENCRYPTION_E2EE = 0

/** Number of QR refs the server hands out; Baileys shows one per 60 s then 20 s, then gives up. */
export const DEFAULT_QR_REF_COUNT = 6

/** Platform name sent in pair-success (`<platform name>`), what a real Android phone sends. */
export const PAIR_PLATFORM_NAME = 'smba'

/** Type of the receipt Baileys sends once it has processed a history-sync notification. */
export const RECEIPT_HIST_SYNC = 'hist_sync'
