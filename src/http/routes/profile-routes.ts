import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { SetProfilePicture } from '../../app/profile/set-profile-picture.ts'
import { UpdateProfile } from '../../app/profile/update-profile.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { idParam } from '../schemas.ts'
import { UPLOAD_MAX_BYTES } from './upload-routes.ts'

const profileResponse = z.object({ success: z.literal(true), sessionId: z.string(), name: z.string().optional(), about: z.string().optional() })
const pictureResponse = z.object({ success: z.literal(true), sessionId: z.string(), picture: z.string().nullable() })

/** The linked account's own WhatsApp profile. `:id` is the sessionId or the id. */
export function profileRoutes(app: AppContext) {
  return [
    route({
      method: 'patch',
      path: '/api/sessions/:id/profile',
      summary: 'Change the account’s push name and about',
      response: profileResponse,
      access: 'authenticated',
      params: idParam,
      body: z
        .object({
          name: z.string().trim().min(1, 'must have 1 to 25 characters').max(25, 'must have 1 to 25 characters').optional(),
          about: z.string().max(139, 'must have at most 139 characters').optional(),
        })
        .strict()
        .refine((b) => b.name !== undefined || b.about !== undefined, 'give name, about or both'),
      handle: ({ ctx, params, body }) => app.commands.execute(new UpdateProfile(callerOf(ctx), params.id, body)),
    }),
    route({
      method: 'put',
      path: '/api/sessions/:id/profile/picture',
      summary: 'Set the account’s profile picture (multipart field `picture`: an image, at most 700 KB; made a 640 px square JPEG)',
      response: pictureResponse,
      access: 'authenticated',
      params: idParam,
      multipart: { fileField: 'picture', maxBytes: UPLOAD_MAX_BYTES },
      handle: ({ ctx, params, file }) => app.commands.execute(new SetProfilePicture(callerOf(ctx), params.id, file!.bytes)),
    }),
  ]
}
