import type { ChatRow } from './evolve-chat-row.ts'

/**
 * One person's chat under their phone number, from the rows kept under their LID and their number:
 * what either knows (the number's first), the newer last message, the unread messages of both.
 */
export function mergeChatRows(lidRow: ChatRow, pnRow: ChatRow | undefined, pn: string): ChatRow {
  if (!pnRow) return { ...lidRow, jid: pn }
  const lidIsNewer = (lidRow.last_message_at?.getTime() ?? -Infinity) > (pnRow.last_message_at?.getTime() ?? -Infinity)
  const last = lidIsNewer ? lidRow : pnRow
  return {
    ...pnRow,
    name: pnRow.name ?? lidRow.name,
    notify: pnRow.notify ?? lidRow.notify,
    profile_pic: pnRow.profile_pic ?? lidRow.profile_pic,
    last_message: last.last_message,
    last_message_at: last.last_message_at,
    last_position: last.last_position,
    archived: pnRow.archived || lidRow.archived,
    pinned_at: pnRow.pinned_at ?? lidRow.pinned_at,
    muted_until: pnRow.muted_until ?? lidRow.muted_until,
    unread_count: pnRow.unread_count + lidRow.unread_count,
    marked_unread: pnRow.marked_unread || lidRow.marked_unread,
    cleared_position: newerOf(pnRow.cleared_position, lidRow.cleared_position),
    updated_at: lidRow.updated_at > pnRow.updated_at ? lidRow.updated_at : pnRow.updated_at,
  }
}

const newerOf = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a > b ? a : b)
