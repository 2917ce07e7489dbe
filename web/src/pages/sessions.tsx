import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useLocation } from 'wouter'
import { describeError, post } from '../api/client.ts'
import { useSessions } from '../api/hooks.ts'
import type { Session } from '../api/types.ts'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

export default function SessionsPage() {
  const sessions = useSessions()
  const client = useQueryClient()
  const [, navigate] = useLocation()
  const [name, setName] = useState('')
  const create = useMutation({
    mutationFn: (name: string) => post<Session>('/api/sessions', { name }),
    onSuccess: async (session) => {
      setName('')
      await client.invalidateQueries({ queryKey: ['sessions'] })
      navigate(`/sessions/${session.sessionId}`)
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not create the session', message: describeError(error) }),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim()) create.mutate(name.trim())
  }

  return (
    <Page title="Sessions">
      <form onSubmit={submit}>
        <Group align="flex-end" gap="xs">
          <TextInput label="New session" placeholder="e.g. Support phone" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} required w={260} />
          <Button type="submit" loading={create.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
            Create session
          </Button>
        </Group>
      </form>
      {sessions.isLoading ? (
        <Loading label="Loading sessions" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} retry={() => void sessions.refetch()} />
      ) : sessions.data!.length === 0 ? (
        <EmptyState title="No sessions yet">Create one above: it starts at once and shows a QR code to scan with WhatsApp on your phone.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {sessions.data!.map((s) => (
            <Card key={s.id} withBorder padding="md" component={Link} href={`/sessions/${s.sessionId}`} data-testid={`session-card-${s.sessionId}`}>
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} truncate>
                    {s.name}
                  </Text>
                  <StatusBadge status={s.status} reason={s.statusReason} />
                </Group>
                <Text size="sm" c="dimmed">
                  {s.sessionId}
                  {s.me ? ` · +${s.me.jid.split(/[:@]/)[0]}` : ''}
                </Text>
                {s.statusReason && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {s.statusReason}
                  </Text>
                )}
                {s.qr && (
                  <Text size="sm" c="teal.8" fw={500}>
                    Waiting for a QR scan: open it
                  </Text>
                )}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Page>
  )
}
