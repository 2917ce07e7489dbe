import { Badge, Button, Card, Group, MultiSelect, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { describeError, get, patch, post } from '../api/client.ts'
import { useMe, useSessions } from '../api/hooks.ts'
import type { Role, User } from '../api/types.ts'
import { Page } from '../components/page.tsx'
import { ErrorState, Loading } from '../components/states.tsx'

const ROLES: Role[] = ['SUPERADMIN', 'OWNER', 'STAFF']

export default function UsersPage() {
  const me = useMe()
  const isAdmin = me.data?.role === 'SUPERADMIN'
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<User[]>('/api/admin/users'), enabled: isAdmin })
  if (!isAdmin)
    return (
      <Page title="Users">
        <ErrorState title="Not allowed" error={new Error('Only a SUPERADMIN manages users. Ask one of them to change your role or your sessions.')} />
      </Page>
    )
  return (
    <Page title="Users">
      <CreateUser />
      {users.isLoading ? <Loading label="Loading users" /> : users.isError ? <ErrorState error={users.error} retry={() => void users.refetch()} /> : <UserTable users={users.data!} myId={me.data!.id} />}
    </Page>
  )
}

function CreateUser() {
  const client = useQueryClient()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('OWNER')
  const create = useMutation({
    mutationFn: () => post<User & { password?: string }>('/api/admin/users', { email, role, ...(password ? { password } : {}) }),
    onSuccess: (user) => {
      setEmail('')
      setPassword('')
      void client.invalidateQueries({ queryKey: ['users'] })
      notifications.show({
        color: 'green',
        autoClose: user.password ? false : 4000,
        title: `Created ${user.email}`,
        message: user.password ? `Generated password (shown once): ${user.password}` : 'They can log in now.',
      })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'User not created', message: describeError(error) }),
  })
  return (
    <Card withBorder>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            New user
          </Title>
          <Group align="flex-end" wrap="wrap">
            <TextInput label="E-mail" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={240} />
            <PasswordInput label="Password" description="Empty: one is generated" value={password} onChange={(e) => setPassword(e.currentTarget.value)} w={200} />
            <Select label="Role" data={ROLES} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} w={150} />
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

function UserTable({ users, myId }: { users: User[]; myId: string }) {
  const client = useQueryClient()
  const { data: sessions = [] } = useSessions()
  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Partial<Pick<User, 'role' | 'disabled' | 'assignedSessionIds'>> }) => patch<User>(`/api/admin/users/${id}`, changes),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['users'] }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: describeError(error) }),
  })
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Assigned sessions (STAFF)</Table.Th>
            <Table.Th>Enabled</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                <Text size="sm" component="div">
                  {u.email} {u.id === myId && <Badge size="xs">you</Badge>}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select aria-label={`Role of ${u.email}`} size="xs" w={140} data={ROLES} value={u.role} allowDeselect={false} onChange={(v) => v && v !== u.role && update.mutate({ id: u.id, changes: { role: v as Role } })} />
              </Table.Td>
              <Table.Td>
                {u.role === 'STAFF' ? (
                  <MultiSelect
                    aria-label={`Sessions of ${u.email}`}
                    size="xs"
                    data={sessions.map((s) => ({ value: s.sessionId, label: `${s.name} (${s.sessionId})` }))}
                    value={u.assignedSessionIds}
                    onChange={(v) => update.mutate({ id: u.id, changes: { assignedSessionIds: v } })}
                    placeholder="none"
                  />
                ) : (
                  <Text size="xs" c="dimmed">
                    {u.role === 'SUPERADMIN' ? 'all sessions' : 'their own sessions'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Switch aria-label={`${u.email} enabled`} checked={!u.disabled} disabled={u.id === myId} onChange={(e) => update.mutate({ id: u.id, changes: { disabled: !e.currentTarget.checked } })} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
