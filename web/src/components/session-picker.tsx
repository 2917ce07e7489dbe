import { Select } from '@mantine/core'
import { useCurrentSession } from '../api/hooks.ts'

/** Chooses the session the messaging pages act on. */
export function SessionPicker({ label = 'Session' }: { label?: string }) {
  const { session, sessions, setCurrent } = useCurrentSession()
  if (sessions.length === 0) return null
  return (
    <Select
      aria-label={label}
      size="xs"
      w={{ base: 150, sm: 220 }}
      allowDeselect={false}
      value={session?.sessionId ?? null}
      onChange={(value) => value && setCurrent(value)}
      data={sessions.map((s) => ({ value: s.sessionId, label: `${s.name} (${s.status.toLowerCase()})` }))}
    />
  )
}
