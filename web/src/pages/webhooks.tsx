import { Badge, Button, Card, Group, MultiSelect, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useLocation } from 'wouter'
import { describeError, get, post } from '../api/client.ts'
import { useSessions } from '../api/hooks.ts'
import type { Webhook } from '../api/types.ts'
import { WEBHOOK_EVENTS } from '../lib/webhook-events.ts'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

export default function WebhooksPage() {
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: () => get<Webhook[]>('/api/webhooks') })
  return (
    <Page title="Webhooks">
      <CreateWebhook />
      {webhooks.isLoading ? (
        <Loading label="Loading webhooks" />
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} retry={() => void webhooks.refetch()} />
      ) : webhooks.data!.length === 0 ? (
        <EmptyState title="No webhooks yet">Create one above: the gateway POSTs each event, signed with its secret, to your URL.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>URL</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>Session</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {webhooks.data!.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>
                    <Link href={`/webhooks/${w.id}`}>{w.name}</Link>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={260}>
                      {w.url}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{w.events.join(', ')}</Text>
                  </Table.Td>
                  <Table.Td>{w.sessionId ?? 'all'}</Table.Td>
                  <Table.Td>
                    <Badge color={w.isActive ? 'green' : 'gray'} variant="light">
                      {w.isActive ? 'active' : 'paused'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Page>
  )
}

function CreateWebhook() {
  const client = useQueryClient()
  const [, navigate] = useLocation()
  const { data: sessions = [] } = useSessions()
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [secret, setSecret] = useState('')
  const [sessionId, setSessionId] = useState<string | null>(null)
  const [events, setEvents] = useState<string[]>(['message.received', 'message.sent'])
  const create = useMutation({
    mutationFn: () => post<Webhook>('/api/webhooks', { name, url, events, sessionId, ...(secret ? { secret } : {}) }),
    onSuccess: async (webhook) => {
      await client.invalidateQueries({ queryKey: ['webhooks'] })
      notifications.show({ color: 'green', message: `Webhook ${webhook.name} created` })
      navigate(`/webhooks/${webhook.id}`)
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Webhook not created', message: describeError(error) }),
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
            New webhook
          </Title>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} miw={180} />
            <TextInput label="URL" required type="url" placeholder="https://example.com/hooks/whatsapp" value={url} onChange={(e) => setUrl(e.currentTarget.value)} miw={240} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <MultiSelect label="Events" required data={WEBHOOK_EVENTS} value={events} onChange={setEvents} searchable miw={240} />
            <Select
              label="Session"
              placeholder="Every session I can see"
              clearable
              data={sessions.map((s) => ({ value: s.sessionId, label: `${s.name} (${s.sessionId})` }))}
              value={sessionId}
              onChange={setSessionId}
              miw={180}
            />
            <PasswordInput label="Secret" description="Leave empty to have one generated" value={secret} onChange={(e) => setSecret(e.currentTarget.value)} miw={180} />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending} leftSection={<IconPlus size={16} aria-hidden />} disabled={events.length === 0}>
              Create webhook
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
