/** The WhatsApp sandbox: a local server real Baileys clients pair with, log in to and message through. */
export { startSandbox } from './sandbox.ts'
export type { SandboxHandle, StartSandboxOptions } from './sandbox.ts'
export type {
  ConnectionInfo,
  ContactInfo,
  DeviceInfo,
  FaultTarget,
  GroupInfo,
  GroupParticipantsAction,
  MediaInput,
  MessageInput,
  PhoneInfo,
  PostStatusInput,
  ReceivedFilter,
  SandboxApi,
  SendMessageInput,
  SendMessageResult,
  SentFilter,
} from './api.ts'
export type { LinkedDeviceInfo } from './pairing.ts'
export type { MessageStatus, ReceivedMessageRecord, SentMessageRecord, StatusAudienceMember } from './model.ts'
export type { ReceiptType } from './receipts.ts'
export type { Addressing, IqHandler, IqContext } from './core.ts'
export { SandboxError } from './errors.ts'
export { SANDBOX_CA_CERT_PATH, trustSandboxCertificate } from './trust.ts'
export type { MediaService } from './media.ts'
export type { PresenceType } from './presence.ts'
export type { ProfilePictureInfo } from './profile-pictures.ts'
