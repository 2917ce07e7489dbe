import { statusAdvances } from '../../domain/messages/message-events.ts'
import { messageRowId, type MessageRow } from './evolve-message-row.ts'

/**
 * A message kept under a person's LID, moved to their phone number (its row id follows the chat). When
 * the number's chat holds the same message too (a receipt that came under the other form), the two
 * rows become one: the complete one's content, the further status, both rows' reactions.
 */
export function mergeMessageRows(lidRow: MessageRow, pnRow: MessageRow | undefined, pn: string): MessageRow {
  const moved: MessageRow = { ...lidRow, id: messageRowId(lidRow.session_id, pn, lidRow.key_id, lidRow.from_me), remote_jid: pn }
  if (!pnRow) return moved
  const base = pnRow.complete || !moved.complete ? pnRow : { ...moved, position: pnRow.position < moved.position ? pnRow.position : moved.position }
  const other = base === pnRow ? moved : pnRow
  const status = other.status && statusAdvances(base.status, other.status) ? other.status : base.status
  const poll = base.poll ?? other.poll
  return {
    ...base,
    status,
    reactions: { ...other.reactions, ...base.reactions },
    revoked_at: base.revoked_at ?? other.revoked_at,
    edited_at: base.edited_at ?? other.edited_at,
    poll: poll && { ...poll, votes: { ...other.poll?.votes, ...base.poll?.votes } },
  }
}
