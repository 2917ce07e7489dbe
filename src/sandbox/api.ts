/**
 * The sandbox's programmatic API (the admin HTTP API is a thin layer over it): create phones and
 * contacts, link a client by its QR, make contacts send messages and post statuses, set profile
 * pictures, see what clients sent, send receipts, inject faults. One facet per area, in api/.
 */
import type { Core } from './core.ts'
import type { MediaService } from './media.ts'
import type { ProfilePictureService } from './profile-pictures.ts'
import type { ApiContext } from './api/facet.ts'
import { faultsFacet } from './api/faults.ts'
import { groupsFacet } from './api/groups.ts'
import { mediaFacet } from './api/media.ts'
import { messageLogsFacet } from './api/message-logs.ts'
import { messagesFacet } from './api/messages.ts'
import { pairingFacet } from './api/pairing.ts'
import { presenceFacet } from './api/presence.ts'
import { profilePicturesFacet } from './api/profile-pictures.ts'
import { statusFacet } from './api/status.ts'
import { usersFacet } from './api/users.ts'
import { contactQueriesFacet } from './api/contact-queries.ts'
import { accountQueriesFacet } from './api/account-queries.ts'
import { pollsAndPresenceFacet } from './api/polls-and-presence.ts'
import type { SandboxApi } from './api/types.ts'

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
  UserInfo,
} from './api/types.ts'

export function createSandboxApi(core: Core, media: MediaService, pictures: ProfilePictureService): SandboxApi {
  const context: ApiContext = { core, media, pictures }
  return {
    ...usersFacet(context),
    ...groupsFacet(context),
    ...pairingFacet(context),
    ...messagesFacet(context),
    ...statusFacet(context),
    ...messageLogsFacet(context),
    ...mediaFacet(context),
    ...profilePicturesFacet(context),
    ...presenceFacet(context),
    ...faultsFacet(context),
    ...contactQueriesFacet(context),
    ...accountQueriesFacet(context),
    ...pollsAndPresenceFacet(context),
  }
}
