import sharp from 'sharp'
import type { ProfileAction } from '../../../domain/actions/profile-actions.ts'
import { ValidationError } from '../../../domain/errors.ts'
import type { ActionContext } from './action-context.ts'

/** WhatsApp keeps profile pictures as square JPEGs of at most 640 px. */
const PICTURE_SIZE = 640

/** The account's own profile through Baileys: push name (an app-state patch), about, picture. */
export async function performProfileAction(context: ActionContext, action: ProfileAction): Promise<unknown> {
  const { socket } = context
  switch (action.kind) {
    case 'profile.update':
      if (action.name !== undefined) await socket.updateProfileName(action.name)
      if (action.about !== undefined) await socket.updateProfileStatus(action.about)
      return { ...(action.name !== undefined ? { name: action.name } : {}), ...(action.about !== undefined ? { about: action.about } : {}) }
    case 'profile.picture': {
      const me = socket.user?.id
      if (!me) throw new Error('the connection does not know its own account yet')
      await socket.updateProfilePicture(me, await squareJpeg(Buffer.from(action.imageBase64, 'base64')))
      return { picture: (await socket.profilePictureUrl(me, 'image').catch(() => undefined)) ?? null }
    }
  }
}

async function squareJpeg(image: Buffer): Promise<Buffer> {
  try {
    return await sharp(image, { limitInputPixels: 50_000_000 }).rotate().resize(PICTURE_SIZE, PICTURE_SIZE, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer()
  } catch {
    throw new ValidationError('invalid body: picture must be an image (JPEG, PNG, WebP or GIF)')
  }
}
