import { Badge, Tooltip } from '@mantine/core'
import type { SessionStatus } from '../api/types.ts'

const COLORS: Record<SessionStatus, string> = { CONNECTED: 'green', CONNECTING: 'yellow', DISCONNECTED: 'gray', ZOMBIE: 'red' }

/** The seed's status name; the reason on hover and for screen readers. */
export function StatusBadge({ status, reason }: { status: SessionStatus; reason?: string | null }) {
  const badge = (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" data-testid="status-badge" aria-label={reason ? `${status}: ${reason}` : status}>
      {status}
    </Badge>
  )
  return reason ? <Tooltip label={reason}>{badge}</Tooltip> : badge
}
