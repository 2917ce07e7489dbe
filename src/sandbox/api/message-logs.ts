import type { Core } from '../core.ts'
import { parseUserJid } from '../jid.ts'
import type { ReceivedMessageRecord, SentMessageRecord } from '../model.ts'
import type { Facet } from './facet.ts'
import { requirePhone, requireUser } from './lookups.ts'
import type { ReceivedFilter, SentFilter } from './types.ts'

const DEFAULT_WAIT_MS = 10_000

/** What the companions sent and what they were sent, to look up or wait for. */
export const messageLogsFacet: Facet<'listSent' | 'waitForSent' | 'listReceived' | 'waitForReceived' | 'cursor'> = ({ core }) => {
  const { world } = core
  return {
    listSent: (filter = {}) => world.sent.list(sentMatcher(core, filter)),
    waitForSent: ({ timeoutMs = DEFAULT_WAIT_MS, ...filter }) => world.sent.waitFor(sentMatcher(core, filter), timeoutMs),
    listReceived: (filter = {}) => world.received.list(receivedMatcher(core, filter)),
    waitForReceived({ timeoutMs = DEFAULT_WAIT_MS, until, ...filter }) {
      const matches = receivedMatcher(core, filter)
      return world.received.waitFor(record => matches(record) && (!until || until(record)), timeoutMs)
    },
    cursor: () => world.seq(),
  }
}

function sentMatcher(core: Core, filter: SentFilter) {
  const phone = filter.phone !== undefined ? requirePhone(core, filter.phone).pn : undefined
  const toUser = filter.to !== undefined && parseUserJid(filter.to) ? core.world.findUser(filter.to) : undefined
  return (record: SentMessageRecord) =>
    (phone === undefined || record.phone === phone) &&
    (filter.to === undefined || record.to === filter.to || (!!toUser && record.recipient.pn === toUser.pn)) &&
    (filter.since === undefined || record.seq > filter.since) &&
    (filter.id === undefined || record.id === filter.id)
}

function receivedMatcher(core: Core, filter: ReceivedFilter) {
  const phone = filter.phone !== undefined ? requirePhone(core, filter.phone).pn : undefined
  const from = filter.from !== undefined ? requireUser(core, filter.from).pn : undefined
  return (record: ReceivedMessageRecord) =>
    (phone === undefined || record.phone === phone) &&
    (from === undefined || record.from === from) &&
    (filter.since === undefined || record.seq > filter.since) &&
    (filter.id === undefined || record.id === filter.id)
}
