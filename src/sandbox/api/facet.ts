import type { Core } from '../core.ts'
import type { MediaService } from '../media.ts'
import type { ProfilePictureService } from '../profile-pictures.ts'
import type { SandboxApi } from './types.ts'

/** What every facet of the API works with. */
export type ApiContext = {
  readonly core: Core
  readonly media: MediaService
  readonly pictures: ProfilePictureService
}

/** One area of the API: its part of `SandboxApi`, made from the shared context. */
export type Facet<K extends keyof SandboxApi> = (context: ApiContext) => Pick<SandboxApi, K>
