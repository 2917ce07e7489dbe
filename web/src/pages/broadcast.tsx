import { Badge, Button, Card, Group, Progress, Stack, Table, TagsInput, Text, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { describeError, get, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { toJid } from '../components/chat/format.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'
import { ErrorState, Loading } from '../components/states.tsx'

interface BroadcastView {
  id: string
  status: string
  message: string
  total: number
  sent: number
  failed: number
  pending: number
  recipients: Array<{ jid: string; status: string; error: string | null; updatedAt: string }>
}

const RECIPIENT_COLORS: Record<string, string> = { SENT: 'green', FAILED: 'red', PENDING: 'gray', CANCELLED: 'gray' }

export default function BroadcastPage() {
  return <Page title="Broadcast">{<NeedSession>{(session) => <Broadcast session={session} />}</NeedSession>}</Page>
}

function Broadcast({ session }: { session: Session }) {
  const [recipients, setRecipients] = useState<string[]>([])
  const [message, setMessage] = useState('')
  const [broadcastId, setBroadcastId] = useState<string | null>(null)
  const start = useMutation({
    mutationFn: () => post<{ broadcastId: string }>('/api/messages/broadcast', { sessionId: session.sessionId, recipients: recipients.map((r) => toJid(r) ?? r), message }),
    onSuccess: (answer) => setBroadcastId(answer.broadcastId),
    onError: (error) => notifications.show({ color: 'red', title: 'Broadcast not started', message: describeError(error) }),
  })
  return (
    <Stack>
      <Card withBorder>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            start.mutate()
          }}
        >
          <Stack gap="sm">
            <Title order={2} size="h4">
              Send one message to many, from {session.name}
            </Title>
            <TagsInput label="Recipients" description="Phone numbers or JIDs; Enter or comma after each" value={recipients} onChange={setRecipients} splitChars={[',', ' ', ';']} />
            <Textarea label="Message" required autosize minRows={3} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
            <Text size="xs" c="dimmed">
              The gateway waits a random 10 to 20 seconds between recipients (as the seed does) so WhatsApp does not flag the account.
            </Text>
            <Group>
              <Button type="submit" loading={start.isPending} disabled={recipients.length === 0 || !message.trim()}>
                Start broadcast
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {broadcastId && <Progress_ broadcastId={broadcastId} />}
    </Stack>
  )
}

function Progress_({ broadcastId }: { broadcastId: string }) {
  const progress = useQuery({
    queryKey: ['broadcast', broadcastId],
    queryFn: () => get<BroadcastView>(`/api/messages/broadcast/${broadcastId}`),
    // Live while it runs: each recipient's outcome as it happens.
    refetchInterval: (query) => (query.state.data && query.state.data.pending === 0 ? false : 1500),
  })
  const cancel = useMutation({
    mutationFn: () => post(`/api/messages/broadcast/${broadcastId}/cancel`),
    onSuccess: () => void progress.refetch(),
    onError: (error) => notifications.show({ color: 'red', title: 'Not cancelled', message: describeError(error) }),
  })
  if (progress.isLoading) return <Loading label="Loading the broadcast" />
  if (progress.isError) return <ErrorState error={progress.error} retry={() => void progress.refetch()} />
  const b = progress.data!
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Progress: {b.status.toLowerCase()}
          </Title>
          {b.pending > 0 && (
            <Button color="red" variant="light" onClick={() => cancel.mutate()} loading={cancel.isPending}>
              Cancel broadcast
            </Button>
          )}
        </Group>
        <Progress.Root size="lg" aria-label={`${b.sent} sent, ${b.failed} failed of ${b.total}`}>
          <Progress.Section value={(b.sent / b.total) * 100} color="green" />
          <Progress.Section value={(b.failed / b.total) * 100} color="red" />
        </Progress.Root>
        <Text size="sm">
          {b.sent} sent · {b.failed} failed · {b.pending} waiting, of {b.total}
        </Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Recipient</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {b.recipients.map((r) => (
              <Table.Tr key={r.jid}>
                <Table.Td>{r.jid.split('@')[0]}</Table.Td>
                <Table.Td>
                  <Badge color={RECIPIENT_COLORS[r.status] ?? 'blue'} variant="light">
                    {r.status.toLowerCase()}
                  </Badge>{' '}
                  {r.error && (
                    <Text span size="xs" c="red.8">
                      {r.error}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  )
}
