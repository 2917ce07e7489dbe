/**
 * Profile actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'profile.<verb>'.
 */
export type ProfileAction = UpdateProfile | SetProfilePicture

/** The account's push name and about text; what is absent stays. */
export interface UpdateProfile {
  readonly kind: 'profile.update'
  readonly name?: string
  readonly about?: string
}

/** The account's profile picture (any image sharp reads; the driver makes the JPEG), base64 for the bus. */
export interface SetProfilePicture {
  readonly kind: 'profile.picture'
  readonly imageBase64: string
}
