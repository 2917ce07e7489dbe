import { Anchor, Badge, Button, Card, Code, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconRefresh, IconRepeat, IconTrash } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Fragment, useState } from 'react'
import { Link, useLocation, useParams } from 'wouter'
import { del, describeError, get, patch, post } from '../api/client.ts'
import type { Delivery, Webhook } from '../api/types.ts'
import { SecretField } from '../components/copy-field.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'
import { WEBHOOK_EVENTS } from '../lib/webhook-events.ts'

const STATE_COLORS: Record<Delivery['state'], string> = { pending: 'yellow', delivered: 'green', dead: 'red', cancelled: 'gray' }

export default function WebhookPage() {
  const { id } = useParams<{ id: string }>()
  const webhook = useQuery({ queryKey: ['webhook', id], queryFn: () => get<Webhook>(`/api/webhooks/${encodeURIComponent(id)}`) })
  if (webhook.isLoading) return <Loading label="Loading the webhook" />
  if (webhook.isError)
    return (
      <Page title="Webhook">
        <ErrorState title="This webhook cannot be shown" error={webhook.error} />
        <Anchor component={Link} href="/webhooks">
          Back to the webhooks
        </Anchor>
      </Page>
    )
  const w = webhook.data!
  return (
    <Page title={w.name} actions={<DeleteWebhook webhook={w} />}>
      <Settings webhook={w} />
      <Deliveries webhook={w} />
    </Page>
  )
}

function Settings({ webhook }: { webhook: Webhook }) {
  const client = useQueryClient()
  const [events, setEvents] = useState(webhook.events)
  const [url, setUrl] = useState(webhook.url)
  const update = useMutation({
    mutationFn: (changes: Partial<Webhook>) => patch<Webhook>(`/api/webhooks/${webhook.id}`, changes),
    onSuccess: (w) => {
      client.setQueryData(['webhook', webhook.id], w)
      void client.invalidateQueries({ queryKey: ['webhooks'] })
      notifications.show({ color: 'green', message: 'Webhook saved' })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: describeError(error) }),
  })
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Secret:
          </Text>
          {webhook.secret ? <SecretField value={webhook.secret} label="secret" testId="webhook-secret" /> : <Text size="sm">unreadable (sealed with another key): set a new one</Text>}
        </Group>
        <Text size="sm">Session: {webhook.sessionId ?? 'every session its owner can see'}</Text>
        <Group align="flex-end" wrap="wrap">
          <TextInput label="URL" type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} miw={280} style={{ flex: 1 }} />
          <MultiSelect label="Events" data={WEBHOOK_EVENTS} value={events} onChange={setEvents} miw={260} style={{ flex: 1 }} />
          <Button onClick={() => update.mutate({ url, events })} loading={update.isPending}>
            Save
          </Button>
        </Group>
        <Switch label="Active (paused webhooks receive nothing)" checked={webhook.isActive} onChange={(e) => update.mutate({ isActive: e.currentTarget.checked })} />
      </Stack>
    </Card>
  )
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const [state, setState] = useState<string | null>(null)
  const [event, setEvent] = useState<string | null>(null)
  const [before, setBefore] = useState<string[]>([])
  const [open, setOpen] = useState<string | null>(null)
  const [since, setSince] = useState('')
  const client = useQueryClient()
  const cursor = before.at(-1)
  const params = new URLSearchParams({ limit: '25', ...(state ? { state } : {}), ...(event ? { event } : {}), ...(cursor ? { before: cursor } : {}) })
  const deliveries = useQuery({
    queryKey: ['deliveries', webhook.id, params.toString()],
    queryFn: () => get<Delivery[]>(`/api/webhooks/${webhook.id}/deliveries?${params}`),
    // Deliveries change as the deliverer works: keep the log live.
    refetchInterval: 2000,
  })
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => post(`/api/webhooks/${webhook.id}/deliveries/${deliveryId}/redeliver`),
    onSuccess: () => {
      notifications.show({ message: 'Redelivery queued' })
      void client.invalidateQueries({ queryKey: ['deliveries', webhook.id] })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not redelivered', message: describeError(error) }),
  })
  const replay = useMutation({
    mutationFn: () => post<{ replay: { id: string } }>(`/api/webhooks/${webhook.id}/replay`, { since: new Date(since).toISOString() }),
    onSuccess: () => notifications.show({ color: 'green', message: 'Replay started: the events since then are sent again' }),
    onError: (error) => notifications.show({ color: 'red', title: 'Replay not started', message: describeError(error) }),
  })

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Deliveries
        </Title>
        <Group align="flex-end" wrap="wrap" gap="xs">
          <Select label="State" placeholder="any" clearable data={['pending', 'delivered', 'dead', 'cancelled']} value={state} onChange={(v) => { setState(v); setBefore([]) }} w={140} />
          <Select label="Event" placeholder="any" clearable data={WEBHOOK_EVENTS.filter((e) => e !== '*')} value={event} onChange={(v) => { setEvent(v); setBefore([]) }} w={200} />
          <TextInput label="Replay since" type="datetime-local" value={since} onChange={(e) => setSince(e.currentTarget.value)} w={210} />
          <Button variant="light" leftSection={<IconRepeat size={16} aria-hidden />} disabled={!since} loading={replay.isPending} onClick={() => replay.mutate()}>
            Replay
          </Button>
        </Group>
        {deliveries.isLoading ? (
          <Loading label="Loading deliveries" />
        ) : deliveries.isError ? (
          <ErrorState error={deliveries.error} retry={() => void deliveries.refetch()} />
        ) : deliveries.data!.length === 0 ? (
          <EmptyState title="No deliveries yet">Each matching event of a session makes a delivery here, live.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table data-testid="deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>
                    <span className="sr-only" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                      Actions
                    </span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.data!.map((d) => (
                  <Fragment key={d.id}>
                    <Table.Tr data-testid="delivery-row">
                      <Table.Td>
                        <Text size="sm">{d.event}</Text>
                        <Text size="xs" c="dimmed">
                          {d.sessionId}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLORS[d.state]} variant="light">
                          {d.state}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {d.lastStatusCode ?? (d.lastError ? 'error' : '–')}
                          {d.lastLatencyMs !== null ? ` · ${d.lastLatencyMs} ms` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{new Date(d.createdAt).toLocaleString()}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id)} aria-expanded={open === d.id}>
                            {open === d.id ? 'Hide' : 'Attempts'}
                          </Button>
                          <Button size="compact-xs" variant="light" leftSection={<IconRefresh size={12} aria-hidden />} onClick={() => redeliver.mutate(d.id)}>
                            Redeliver
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open === d.id && (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <Stack gap={2}>
                            <Text size="xs">
                              X-Webhook-Id <Code>{d.eventId}</Code> · position <Code>{d.eventPosition}</Code>
                              {d.nextAttemptAt ? ` · next attempt ${new Date(d.nextAttemptAt).toLocaleString()}` : ''}
                            </Text>
                            {(d.attemptLog ?? []).map((a) => (
                              <Text size="xs" key={a.attempt}>
                                #{a.attempt} {new Date(a.startedAt).toLocaleString()}: {a.statusCode ?? 'no answer'} in {a.latencyMs} ms
                                {a.error ? ` (${a.error})` : ''} on {a.nodeId}
                              </Text>
                            ))}
                            {d.lastError && (
                              <Text size="xs" c="red.8">
                                Last error: {d.lastError}
                              </Text>
                            )}
                          </Stack>
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
          <Button size="xs" variant="default" disabled={(deliveries.data?.length ?? 0) < 25} onClick={() => setBefore([...before, deliveries.data!.at(-1)!.eventPosition])}>
            Older
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}

function DeleteWebhook({ webhook }: { webhook: Webhook }) {
  const [opened, { open, close }] = useDisclosure(false)
  const [, navigate] = useLocation()
  const client = useQueryClient()
  const remove = useMutation({
    mutationFn: () => del(`/api/webhooks/${webhook.id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhooks'] })
      navigate('/webhooks')
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
  })
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={open}>
        Delete
      </Button>
      <Modal opened={opened} onClose={close} title={`Delete ${webhook.name}?`}>
        <Stack>
          <Text size="sm">Its pending deliveries are cancelled. This cannot be undone.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
