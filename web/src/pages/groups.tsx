import { Badge, Button, Card, Drawer, Group, Stack, Table, TagsInput, Text, TextInput, Title, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { describeError, get, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { toJid } from '../components/chat/format.ts'
import { GroupDetailPanel } from '../components/group-detail.tsx'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

interface GroupView {
  id: string
  sessionId: string
  jid: string
  subject: string | null
  description: string | null
  participants: Array<{ id: string; admin: string | null }>
  announce: boolean
  restrict: boolean
}

export default function GroupsPage() {
  return <Page title="Groups">{<NeedSession>{(session) => <Groups session={session} />}</NeedSession>}</Page>
}

function Groups({ session }: { session: Session }) {
  const client = useQueryClient()
  const groups = useQuery({ queryKey: ['groups', session.sessionId], queryFn: () => get<GroupView[]>(`/api/groups?sessionId=${encodeURIComponent(session.sessionId)}`) })
  const [subject, setSubject] = useState('')
  const [participants, setParticipants] = useState<string[]>([])
  const [open, setOpen] = useState<GroupView | null>(null)
  const create = useMutation({
    mutationFn: () => post('/api/groups/create', { sessionId: session.sessionId, subject, participants: participants.map((p) => toJid(p) ?? p) }),
    onSuccess: () => {
      setSubject('')
      setParticipants([])
      notifications.show({ color: 'green', message: 'Group created' })
      void client.invalidateQueries({ queryKey: ['groups'] })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Group not created', message: describeError(error) }),
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
              New group on {session.name}
            </Title>
            <Group align="flex-end" wrap="wrap">
              <TextInput label="Subject" required maxLength={100} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} w={240} />
              <TagsInput label="Participants" description="Phone numbers or JIDs; Enter after each" value={participants} onChange={setParticipants} w={360} />
              <Button type="submit" loading={create.isPending} disabled={!subject.trim() || participants.length === 0}>
                Create group
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {groups.isLoading ? (
        <Loading label="Loading groups" />
      ) : groups.isError ? (
        <ErrorState error={groups.error} retry={() => void groups.refetch()} />
      ) : groups.data!.length === 0 ? (
        <EmptyState title="No groups">The groups this account is in appear here once the session is connected.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Settings</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.data!.map((g) => (
                <Table.Tr key={g.jid}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {g.subject ?? g.jid}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {g.description ?? g.jid}
                    </Text>
                  </Table.Td>
                  <Table.Td>{g.participants.length}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {g.announce && <Badge size="xs">admins only</Badge>}
                      {g.restrict && <Badge size="xs">info locked</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => setOpen(g)} aria-label={`Manage ${g.subject ?? g.jid}`}>
                      Manage
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="lg" title={open ? `Group: ${open.subject ?? open.jid}` : ''}>
        {open && <GroupDetailPanel key={open.jid} session={session} groupJid={open.jid} onLeft={() => setOpen(null)} />}
      </Drawer>
    </Stack>
  )
}
