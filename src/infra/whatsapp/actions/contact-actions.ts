import { USyncQuery, USyncUser } from '@whiskeysockets/baileys'
import type { BusinessProfile, ContactAction, ContactCheck, ContactProfile } from '../../../domain/actions/contact-actions.ts'
import { BlocklistEventTypes, type BlocklistChangedData } from '../../../domain/contacts/contact-events.ts'
import { isLidJid, userJid } from '../../../domain/contacts/jid-forms.ts'
import type { ActionContext } from './action-context.ts'

/** Contact actions through Baileys: usync existence checks, a person's profile, the blocklist. */
export async function performContactAction(context: ActionContext, action: ContactAction): Promise<unknown> {
  switch (action.kind) {
    case 'contact.check':
      return checkContacts(context, action.jids)
    case 'contact.profile':
      return fetchProfile(context, action.jid)
    case 'contact.block':
      return setBlocked(context, action.jid, action.blocked)
  }
}

/** Existence and LID of each number, in one usync query per batch (the contact protocol is onWhatsApp's). */
async function checkContacts(context: ActionContext, jids: readonly string[]): Promise<ContactCheck[]> {
  const { socket, identities } = context
  let learnt = false
  const checks = await context.checks.check(jids, async (batch) => {
    const query = new USyncQuery().withContactProtocol().withLIDProtocol()
    for (const jid of batch) query.withUser(new USyncUser().withPhone(`+${jid.split('@')[0]}`))
    const result = await socket.executeUSyncQuery(query)
    return (result?.list ?? []).map((entry) => {
      const jid = userJid(entry.id)
      const lid = typeof entry.lid === 'string' && isLidJid(entry.lid) ? userJid(entry.lid) : null
      if (lid) {
        identities.learn(jid, lid)
        learnt = true
      }
      return { jid, exists: entry.contact === true, lid }
    })
  })
  // The pairs WhatsApp named: identity.mapped for the read models (nothing else changed).
  if (learnt) context.record([])
  return checks
}

async function fetchProfile(context: ActionContext, jid: string): Promise<ContactProfile> {
  const { socket } = context
  const [status, picture, business] = await Promise.all([
    socket.fetchStatus(jid).catch(() => undefined),
    // No picture (or one hidden from us) is WhatsApp's 404/401, not a failure of the lookup.
    socket.profilePictureUrl(jid, 'image').catch(() => undefined),
    socket.getBusinessProfile(jid).catch(() => undefined),
  ])
  const about = status?.[0]?.status as { status?: string | null; setAt?: Date } | undefined
  return {
    about: about?.status ?? null,
    aboutSetAt: about?.setAt && about.setAt.getTime() > 0 ? about.setAt.toISOString() : null,
    picture: picture ?? null,
    business: business ? businessProfile(business) : null,
  }
}

function businessProfile(profile: { description?: string; category?: string; email?: string; website?: string[]; address?: string }): BusinessProfile {
  return {
    description: profile.description || null,
    category: profile.category || null,
    email: profile.email || null,
    website: profile.website ?? [],
    address: profile.address || null,
  }
}

/** Blocks or unblocks, then records it (Baileys emits no event for our own change). */
async function setBlocked(context: ActionContext, jid: string, blocked: boolean): Promise<{ jid: string; blocked: boolean }> {
  const action = blocked ? 'block' : 'unblock'
  await context.socket.updateBlockStatus(jid, action)
  const canonical = context.identities.canonical(jid)
  const data: BlocklistChangedData = { action, jids: [canonical] }
  context.record([{ type: BlocklistEventTypes.changed, data }])
  return { jid: canonical, blocked }
}
