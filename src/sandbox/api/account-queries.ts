import { accountQueries, type AppStatePatchRecord, type GroupQueryRecord } from '../account-queries.ts'
import { badRequest } from '../errors.ts'
import { changeGroupInfo, requireGroup } from '../groups.ts'
import type { ApiContext } from './facet.ts'
import { requireUser } from './lookups.ts'
import { groupInfo } from './to-info.ts'
import type { GroupInfo } from './types.ts'

const DEFAULT_WAIT_MS = 10_000

export type GroupQueryFilter = {
  /** The phone (or its JID) whose device asked. */
  phone?: string
  /** The group (id or JID), or '@g.us' for create / leave / join. */
  to?: string
  op?: string
  /** Only records after this cursor (see `accountQueriesCursor()`). */
  since?: number
}

export type AppStatePatchFilter = {
  phone?: string
  /** The mutation's index kind: archive, pin_v1, mute, markChatAsRead, deleteChat... */
  index?: string
  /** The chat the mutation is about (index[1]). */
  chat?: string
  since?: number
}

export type AccountQueriesApi = {
  /** The group queries (w:g2) linked devices made, oldest first, with their outcome. */
  groupQueries(filter?: GroupQueryFilter): GroupQueryRecord[]
  waitForGroupQuery(filter: GroupQueryFilter & { timeoutMs?: number }): Promise<GroupQueryRecord>
  /** The app-state patches (archive, pin, mute, read, delete...) linked devices set, decoded. */
  appStatePatches(filter?: AppStatePatchFilter): AppStatePatchRecord[]
  waitForAppStatePatch(filter: AppStatePatchFilter & { timeoutMs?: number }): Promise<AppStatePatchRecord>
  /** The newest record of either log: pass it as `since` to see only what comes next. */
  accountQueriesCursor(): number
  /** A member (contact) changes a group's subject, description or settings; members' devices are notified. */
  updateGroupInfo(input: { group: string; actor: string; subject?: string; description?: string; announce?: boolean; restrict?: boolean }): GroupInfo
}

export const accountQueriesFacet = ({ core }: ApiContext): AccountQueriesApi => {
  const logs = () => accountQueries(core)
  const phoneOf = (id: string | undefined) => (id === undefined ? undefined : requireUser(core, id).pn)
  const groupMatcher = (filter: GroupQueryFilter) => {
    const phone = phoneOf(filter.phone)
    const to = filter.to === undefined || filter.to === '@g.us' ? filter.to : `${requireGroup(core, filter.to).id}@g.us`
    return (r: GroupQueryRecord) =>
      (phone === undefined || r.phone === phone) && (to === undefined || r.to === to) && (filter.op === undefined || r.op === filter.op) && (filter.since === undefined || r.seq > filter.since)
  }
  const patchMatcher = (filter: AppStatePatchFilter) => {
    const phone = phoneOf(filter.phone)
    return (r: AppStatePatchRecord) =>
      (phone === undefined || r.phone === phone) &&
      (filter.since === undefined || r.seq > filter.since) &&
      (filter.index === undefined || r.mutations.some(m => m.index[0] === filter.index)) &&
      (filter.chat === undefined || r.mutations.some(m => m.index[1] === filter.chat))
  }
  return {
    groupQueries: (filter = {}) => logs().groupQueries.list(groupMatcher(filter)),
    waitForGroupQuery: ({ timeoutMs = DEFAULT_WAIT_MS, ...filter }) => logs().groupQueries.waitFor(groupMatcher(filter), timeoutMs),
    appStatePatches: (filter = {}) => logs().appStatePatches.list(patchMatcher(filter)),
    waitForAppStatePatch: ({ timeoutMs = DEFAULT_WAIT_MS, ...filter }) => logs().appStatePatches.waitFor(patchMatcher(filter), timeoutMs),
    accountQueriesCursor: () => Math.max(0, ...logs().groupQueries.list().map(r => r.seq), ...logs().appStatePatches.list().map(r => r.seq)),
    updateGroupInfo(input) {
      if (!input || typeof input !== 'object') throw badRequest('body must be an object')
      const group = requireGroup(core, input.group)
      const actor = requireUser(core, input.actor)
      for (const flag of ['announce', 'restrict'] as const) {
        if (input[flag] !== undefined && typeof input[flag] !== 'boolean') throw badRequest(`${flag} must be true or false`)
      }
      if (input.description !== undefined && typeof input.description !== 'string') throw badRequest('description must be a string')
      changeGroupInfo(core, group, actor, input)
      return groupInfo(core, group)
    },
  }
}
