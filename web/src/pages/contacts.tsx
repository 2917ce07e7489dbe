import { Anchor, Avatar, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { Link } from 'wouter'
import { describeError, get, post } from '../api/client.ts'
import type { Contact, NumberCheck, Session } from '../api/types.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

/** The gateway's bound on one check (POST /api/contacts/check). */
const CHECK_MAX = 500

export default function ContactsPage() {
  return <Page title="Contacts">{<NeedSession>{(session) => <Contacts session={session} />}</NeedSession>}</Page>
}

const contactName = (c: Contact) => c.name ?? c.notify ?? (c.phoneNumber ? `+${c.phoneNumber}` : c.jid.split('@')[0]!)

function Contacts({ session }: { session: Session }) {
  return (
    <Stack>
      <CheckNumbers session={session} />
      <ContactList session={session} />
    </Stack>
  )
}

function CheckNumbers({ session }: { session: Session }) {
  const [text, setText] = useState('')
  const numbers = text
    .split(/[\n,;]+/)
    .map((n) => n.trim())
    .filter(Boolean)
  const check = useMutation({
    mutationFn: () => post<NumberCheck[]>('/api/contacts/check', { sessionId: session.sessionId, numbers }),
    onError: (error) => notifications.show({ color: 'red', title: 'Numbers not checked', message: describeError(error) }),
  })
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (numbers.length) check.mutate()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Check numbers
          </Title>
          <Textarea
            label="Phone numbers"
            description={`Which of these are on WhatsApp? One a line (or comma-separated), as people write them; up to ${CHECK_MAX}. Answers are kept a day.`}
            autosize
            minRows={3}
            maxRows={10}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={check.isPending} disabled={numbers.length === 0 || numbers.length > CHECK_MAX || session.status !== 'CONNECTED'}>
              Check {numbers.length > 0 ? `${numbers.length} ${numbers.length === 1 ? 'number' : 'numbers'}` : 'numbers'}
            </Button>
            {session.status !== 'CONNECTED' && (
              <Text size="sm" c="dimmed">
                The session must be connected.
              </Text>
            )}
            {numbers.length > CHECK_MAX && (
              <Text size="sm" c="red.8">
                At most {CHECK_MAX} numbers at a time.
              </Text>
            )}
          </Group>
          {check.data && (
            <Table.ScrollContainer minWidth={420}>
              <Table striped aria-label="Check results" data-testid="check-results">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Number</Table.Th>
                    <Table.Th>On WhatsApp</Table.Th>
                    <Table.Th>JID</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {check.data.map((r, i) => (
                    <Table.Tr key={`${i}-${r.input}`} data-testid="check-row">
                      <Table.Td>{r.input}</Table.Td>
                      <Table.Td>
                        {r.exists ? (
                          <Badge color="teal" variant="light">
                            exists
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light">
                            not on WhatsApp
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {r.exists && r.jid ? (
                          <Anchor component={Link} href={`/chats/${encodeURIComponent(r.jid)}`} size="sm">
                            {r.jid}
                          </Anchor>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {r.jid ?? '—'}
                          </Text>
                        )}
                        {r.lid && (
                          <Text size="xs" c="dimmed">
                            {r.lid}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </form>
    </Card>
  )
}

function ContactList({ session }: { session: Session }) {
  const client = useQueryClient()
  const key = ['contacts', session.sessionId]
  const contacts = useQuery({ queryKey: key, queryFn: () => get<Contact[]>(`/api/contacts/${encodeURIComponent(session.sessionId)}`) })
  const [filter, setFilter] = useState('')
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    return (contacts.data ?? []).filter((c) => !needle || contactName(c).toLowerCase().includes(needle) || c.jid.includes(needle) || Boolean(c.jidAlt?.includes(needle)))
  }, [contacts.data, filter])
  const block = useMutation({
    mutationFn: ({ contact, blocked }: { contact: Contact; blocked: boolean }) => post(blocked ? '/api/contacts/block' : '/api/contacts/unblock', { sessionId: session.sessionId, jid: contact.jid }),
    onSuccess: (_, { contact, blocked }) => {
      notifications.show({ color: 'green', message: `${contactName(contact)} ${blocked ? 'blocked' : 'unblocked'}` })
      void client.invalidateQueries({ queryKey: key })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: describeError(error) }),
  })
  if (contacts.isLoading) return <Loading label="Loading contacts" />
  if (contacts.isError) return <ErrorState error={contacts.error} retry={() => void contacts.refetch()} />
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Known contacts ({contacts.data!.length})
        </Title>
        <TextInput aria-label="Search contacts" placeholder="Search contacts" size="xs" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={220} />
      </Group>
      {shown.length === 0 ? (
        <EmptyState title={contacts.data!.length ? 'No contact matches' : 'No contacts yet'}>
          {contacts.data!.length ? 'Try another name or number.' : 'People appear here once WhatsApp tells the session about them (contacts, chats, the blocklist).'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((c) => (
                <Table.Tr key={c.jid} data-testid="contact-row">
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar src={c.profilePic} alt="" radius="xl" size="sm" color="teal">
                        {contactName(c).slice(0, 2).toUpperCase()}
                      </Avatar>
                      <div style={{ minWidth: 0 }}>
                        <Anchor component={Link} href={`/chats/${encodeURIComponent(c.jid)}`} size="sm" fw={500}>
                          {contactName(c)}
                        </Anchor>
                        <Text size="xs" c="dimmed" truncate>
                          {c.jid}
                          {c.jidAlt ? ` · ${c.jidAlt}` : ''}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.phoneNumber ? `+${c.phoneNumber}` : '—'}</Table.Td>
                  <Table.Td>{c.blocked ? <Badge color="red" variant="light">blocked</Badge> : null}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color={c.blocked ? 'gray' : 'red'}
                      loading={block.isPending && block.variables?.contact.jid === c.jid}
                      onClick={() => block.mutate({ contact: c, blocked: !c.blocked })}
                      aria-label={`${c.blocked ? 'Unblock' : 'Block'} ${contactName(c)}`}
                    >
                      {c.blocked ? 'Unblock' : 'Block'}
                    </Button>
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
