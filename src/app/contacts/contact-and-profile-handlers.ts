import type { Provider } from '@nestjs/common'
import { commandHandler, queryHandler } from '../cqrs.ts'
import { SetProfilePicture, SetProfilePictureHandler } from '../profile/set-profile-picture.ts'
import { UpdateProfile, UpdateProfileHandler } from '../profile/update-profile.ts'
import { SetContactBlocked, SetContactBlockedHandler } from './block-contact.ts'
import { CheckContacts, CheckContactsHandler } from './check-contacts.ts'
import { GetContactProfile, GetContactProfileHandler } from './get-contact-profile.ts'
import { ListContacts, ListContactsHandler } from './list-contacts.ts'

/** The contacts and own-profile commands and queries (issue 13). */
export const contactAndProfileHandlers = (): Provider[] => [
  queryHandler(ListContacts, ListContactsHandler),
  queryHandler(GetContactProfile, GetContactProfileHandler),
  commandHandler(CheckContacts, CheckContactsHandler),
  commandHandler(SetContactBlocked, SetContactBlockedHandler),
  commandHandler(UpdateProfile, UpdateProfileHandler),
  commandHandler(SetProfilePicture, SetProfilePictureHandler),
]
