import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { SetContactBlocked } from '../../app/contacts/block-contact.ts'
import { CheckContacts } from '../../app/contacts/check-contacts.ts'
import { GetContactProfile } from '../../app/contacts/get-contact-profile.ts'
import { ListContacts } from '../../app/contacts/list-contacts.ts'
import { LID_JID, USER_JID } from '../../domain/messages/jid.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

const sessionRef = z.string().trim().min(1, 'is required and must not be empty').max(64)
/** A person, by phone-number JID or LID. */
const personJid = z
  .string()
  .trim()
  .refine((j) => USER_JID.test(j) || LID_JID.test(j), 'must be a person’s JID, e.g. 6287748687946@s.whatsapp.net or 123456789012345@lid')

/** At most this many numbers per check: a longer list is several requests (the driver paces each). */
export const MAX_CHECK_NUMBERS = 500

const contactResponse = z.object({
  jid: z.string().meta({ example: '6287748687946@s.whatsapp.net', description: 'canonical: the phone-number JID when known, else the LID' }),
  jidAlt: z.string().nullable().meta({ description: 'the other form (the LID of a number, or the number of a LID)' }),
  lid: z.string().nullable(),
  phoneNumber: z.string().nullable().meta({ example: '6287748687946' }),
  name: z.string().nullable(),
  notify: z.string().nullable(),
  profilePic: z.string().nullable(),
  blocked: z.boolean(),
})

const contactProfileResponse = z.object({
  jid: z.string(),
  jidAlt: z.string().nullable(),
  name: z.string().nullable(),
  notify: z.string().nullable(),
  about: z.string().nullable(),
  aboutSetAt: z.string().nullable(),
  picture: z.string().nullable(),
  business: z
    .object({ description: z.string().nullable(), category: z.string().nullable(), email: z.string().nullable(), website: z.array(z.string()), address: z.string().nullable() })
    .nullable(),
})

const contactCheckResponse = z.array(
  z.object({ input: z.string(), jid: z.string().meta({ example: '628123456789@s.whatsapp.net' }), exists: z.boolean(), lid: z.string().nullable() }),
)

const blockResponse = z.object({ success: z.literal(true), jid: z.string(), jidAlt: z.string().nullable(), blocked: z.boolean() })

/** Contacts: the read model, a live profile, existence checks, block and unblock. */
export function contactRoutes(app: AppContext) {
  const blockRoute = (blocked: boolean) =>
    route({
      method: 'post',
      path: blocked ? '/api/contacts/block' : '/api/contacts/unblock',
      summary: blocked ? 'Block a person' : 'Unblock a person',
      response: blockResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid: personJid }),
      handle: ({ ctx, body }) => app.commands.execute(new SetContactBlocked(callerOf(ctx), { ...body, blocked })),
    })
  return [
    route({
      method: 'post',
      path: '/api/contacts/check',
      summary: 'Which numbers are on WhatsApp (normalized as the JID rules say; batched, paced and cached per session)',
      response: contactCheckResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: sessionRef,
        numbers: z
          .array(z.string().max(64, 'each number must have at most 64 characters'), 'must be an array of phone numbers')
          .min(1, 'needs at least one number')
          .max(MAX_CHECK_NUMBERS, `takes at most ${MAX_CHECK_NUMBERS} numbers per request`),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new CheckContacts(callerOf(ctx), body)),
    }),
    blockRoute(true),
    blockRoute(false),
    route({
      method: 'get',
      path: '/api/contacts/:sessionId',
      summary: 'The contacts of a session: canonical JID, LID, number, names, picture, blocked',
      response: z.array(contactResponse),
      access: 'authenticated',
      params: z.object({ sessionId: sessionRef }),
      handle: ({ ctx, params }) => app.queries.execute(new ListContacts(callerOf(ctx), params.sessionId)),
    }),
    route({
      method: 'get',
      path: '/api/contacts/:sessionId/:jid',
      summary: 'A person’s profile, live from WhatsApp: about, picture, business profile (either JID form)',
      response: contactProfileResponse,
      access: 'authenticated',
      params: z.object({ sessionId: sessionRef, jid: personJid }),
      handle: ({ ctx, params }) => app.queries.execute(new GetContactProfile(callerOf(ctx), params.sessionId, params.jid)),
    }),
  ]
}
