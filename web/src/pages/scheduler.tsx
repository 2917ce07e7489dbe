import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { del, describeError, get, post } from '../api/client.ts'
import { useServerInfo } from '../api/server-info.ts'
import type { Session } from '../api/types.ts'
import { toJid } from '../components/chat/format.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

interface Schedule {
  id: string
  jid: string
  content: string
  mediaUrl: string | null
  mediaType: string | null
  sendAt: string
  status: string
  error: string | null
}

const STATUS_COLORS: Record<string, string> = { PENDING: 'yellow', SENT: 'green', FAILED: 'red', CANCELLED: 'gray' }

export default function SchedulerPage() {
  return <Page title="Scheduler">{<NeedSession>{(session) => <Scheduler session={session} />}</NeedSession>}</Page>
}

/** Shows a time in the server's scheduling zone, the zone a sendAt without offset is read in. */
function inZone(iso: string, timeZone: string | undefined): string {
  return new Date(iso).toLocaleString([], { timeZone, dateStyle: 'medium', timeStyle: 'short' })
}

function Scheduler({ session }: { session: Session }) {
  const client = useQueryClient()
  const info = useServerInfo()
  const zone = info.data?.timeZone
  const schedules = useQuery({
    queryKey: ['schedules', session.sessionId],
    queryFn: () => get<Schedule[]>(`/api/scheduler?sessionId=${encodeURIComponent(session.sessionId)}`),
    refetchInterval: 5000,
  })
  const [to, setTo] = useState('')
  const [content, setContent] = useState('')
  const [sendAt, setSendAt] = useState('')
  const [mediaUrl, setMediaUrl] = useState('')
  const [mediaType, setMediaType] = useState<string | null>(null)
  const create = useMutation({
    // datetime-local has no offset: the server reads it in its own zone, the one shown.
    mutationFn: () => post('/api/scheduler', { sessionId: session.sessionId, jid: toJid(to) ?? to, content, sendAt: sendAt.length === 16 ? `${sendAt}:00` : sendAt, ...(mediaUrl ? { mediaUrl, mediaType: mediaType ?? 'IMAGE' } : {}) }),
    onSuccess: () => {
      setContent('')
      notifications.show({ color: 'green', message: 'Message scheduled' })
      void client.invalidateQueries({ queryKey: ['schedules'] })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not scheduled', message: describeError(error) }),
  })
  const cancel = useMutation({
    mutationFn: (id: string) => del(`/api/scheduler/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['schedules'] }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not cancelled', message: describeError(error) }),
  })
  return (
    <Stack>
      <Card withBorder>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            create.mutate()
          }}
        >
          <Stack gap="sm">
            <Title order={2} size="h4">
              Schedule a message from {session.name}
            </Title>
            <Text size="sm" data-testid="server-time-zone">
              Times are in the server's time zone: <b>{zone ?? '…'}</b>
              {info.data && <> (now {inZone(info.data.now, zone)})</>}
            </Text>
            <Group align="flex-start" wrap="wrap" grow>
              <TextInput label="To" description="Phone number or JID" required value={to} onChange={(e) => setTo(e.currentTarget.value)} miw={200} />
              <TextInput label={`Send at (${zone ?? 'server time'})`} type="datetime-local" required value={sendAt} onChange={(e) => setSendAt(e.currentTarget.value)} miw={220} />
            </Group>
            <Textarea label="Message" autosize minRows={2} value={content} onChange={(e) => setContent(e.currentTarget.value)} />
            <Group align="flex-end" wrap="wrap" grow>
              <TextInput label="Media URL (optional)" type="url" value={mediaUrl} onChange={(e) => setMediaUrl(e.currentTarget.value)} miw={240} />
              <Select label="Media kind" data={['IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT']} value={mediaType} onChange={setMediaType} clearable placeholder="IMAGE" miw={140} />
            </Group>
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!to.trim() || !sendAt || (!content.trim() && !mediaUrl)}>
                Schedule
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {schedules.isLoading ? (
        <Loading label="Loading schedules" />
      ) : schedules.isError ? (
        <ErrorState error={schedules.error} retry={() => void schedules.refetch()} />
      ) : schedules.data!.length === 0 ? (
        <EmptyState title="Nothing scheduled">Scheduled messages of this session appear here with their state.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Send at ({zone})</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schedules.data!.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{inZone(s.sendAt, zone)}</Table.Td>
                  <Table.Td>{s.jid.split('@')[0]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {s.content || s.mediaUrl}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[s.status] ?? 'blue'} variant="light">
                      {s.status}
                    </Badge>
                    {s.error && (
                      <Text size="xs" c="red.8">
                        {s.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {s.status === 'PENDING' && (
                      <Button size="compact-xs" color="red" variant="light" onClick={() => cancel.mutate(s.id)}>
                        Cancel
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
