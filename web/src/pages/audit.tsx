import { Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Fragment, useState } from 'react'
import { get } from '../api/client.ts'
import { useSessions } from '../api/hooks.ts'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

interface AuditEntry {
  position: string
  id: string
  type: string
  streamId: string
  sessionId: string | null
  actor: { kind: string; id: string } | null
  nodeId: string | null
  occurredAt: string
  data: unknown
}

const LIMIT = 50

export default function AuditPage() {
  const { data: sessions = [] } = useSessions()
  const [sessionId, setSessionId] = useState<string | null>(null)
  const [type, setType] = useState('')
  const [from, setFrom] = useState('')
  const [before, setBefore] = useState<string[]>([])
  const [open, setOpen] = useState<string | null>(null)
  const cursor = before.at(-1)
  const params = new URLSearchParams({
    limit: String(LIMIT),
    ...(sessionId ? { sessionId } : {}),
    ...(type.trim() ? { type: type.trim() } : {}),
    ...(from ? { from: new Date(from).toISOString() } : {}),
    ...(cursor ? { before: cursor } : {}),
  })
  const entries = useQuery({ queryKey: ['audit', params.toString()], queryFn: () => get<AuditEntry[]>(`/api/audit?${params}`) })
  const reset = () => setBefore([])
  return (
    <Page title="Audit log">
      <Group align="flex-end" wrap="wrap" gap="xs">
        <Select label="Session" placeholder="all" clearable data={sessions.map((s) => ({ value: s.sessionId, label: `${s.name} (${s.sessionId})` }))} value={sessionId} onChange={(v) => { setSessionId(v); reset() }} w={200} />
        <TextInput label="Event type" placeholder="e.g. message.sent" value={type} onChange={(e) => { setType(e.currentTarget.value); reset() }} w={200} />
        <TextInput label="From" type="datetime-local" value={from} onChange={(e) => { setFrom(e.currentTarget.value); reset() }} w={210} />
      </Group>
      {entries.isLoading ? (
        <Loading label="Loading the audit log" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} retry={() => void entries.refetch()} />
      ) : entries.data!.length === 0 ? (
        <EmptyState title="Nothing recorded here">No events match these filters.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Session</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data!.map((e) => (
                <Fragment key={e.id}>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="xs">{new Date(e.occurredAt).toLocaleString()}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.type}</Code>
                    </Table.Td>
                    <Table.Td>{e.sessionId ?? '–'}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{e.actor ? `${e.actor.kind}:${e.actor.id}` : '–'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                        {open === e.id ? 'Hide' : 'Show'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open === e.id && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Code block>{JSON.stringify(e.data, null, 2)}</Code>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button size="xs" variant="default" disabled={before.length === 0} onClick={() => setBefore(before.slice(0, -1))}>
          Newer
        </Button>
        <Button size="xs" variant="default" disabled={(entries.data?.length ?? 0) < LIMIT} onClick={() => setBefore([...before, entries.data!.at(-1)!.position])}>
          Older
        </Button>
      </Group>
    </Page>
  )
}
