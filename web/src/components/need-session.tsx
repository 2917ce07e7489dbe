import { Anchor } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { useCurrentSession } from '../api/hooks.ts'
import type { Session } from '../api/types.ts'
import { EmptyState, Loading } from './states.tsx'

/** Renders its children with the current session, or says how to get one. */
export function NeedSession({ children }: { children: (session: Session) => ReactNode }) {
  const { session, isLoading } = useCurrentSession()
  if (isLoading) return <Loading label="Loading sessions" />
  if (!session)
    return (
      <EmptyState title="No session yet">
        Create and link a session on the{' '}
        <Anchor component={Link} href="/sessions">
          Sessions page
        </Anchor>{' '}
        first.
      </EmptyState>
    )
  return <>{children(session)}</>
}
