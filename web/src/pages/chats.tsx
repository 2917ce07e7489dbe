import { Anchor, Avatar, Box, Button, Grid, Group, Modal, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft, IconUserCircle } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useLocation, useParams } from 'wouter'
import { describeError, get, post } from '../api/client.ts'
import { useCurrentSession, useSandbox } from '../api/hooks.ts'
import type { Chat, Message } from '../api/types.ts'
import { ChatList } from '../components/chat/chat-list.tsx'
import { Composer } from '../components/chat/composer.tsx'
import { chatTitle, toJid } from '../components/chat/format.ts'
import { Thread } from '../components/chat/thread.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, Loading } from '../components/states.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

export default function ChatsPage() {
  const params = useParams<{ jid?: string }>()
  const jid = params.jid ? decodeURIComponent(params.jid) : undefined
  const { session, isLoading } = useCurrentSession()
  const narrow = useMediaQuery('(max-width: 48em)')
  const [, navigate] = useLocation()
  const [number, setNumber] = useState('')

  if (isLoading) return <Loading label="Loading sessions" />
  if (!session)
    return (
      <Page title="Chats">
        <EmptyState title="No session yet">
          Create and link a session on the <Anchor component={Link} href="/sessions">Sessions page</Anchor> first.
        </EmptyState>
      </Page>
    )

  const openNumber = (event: FormEvent) => {
    event.preventDefault()
    const target = toJid(number)
    if (!target) return notifications.show({ color: 'red', message: 'Enter a phone number in international format (digits) or a JID' })
    setNumber('')
    navigate(`/chats/${encodeURIComponent(target)}`)
  }
  const list = (
    <Stack gap="xs">
      <form onSubmit={openNumber}>
        <Group gap={4} wrap="nowrap">
          <TextInput aria-label="New chat: phone number" placeholder="New chat: 628123…" size="xs" value={number} onChange={(e) => setNumber(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button size="xs" type="submit" variant="light">
            Open
          </Button>
        </Group>
      </form>
      <ChatList sessionId={session.sessionId} activeJid={jid} />
    </Stack>
  )

  return (
    <Page title="Chats" actions={<StatusBadge status={session.status} reason={session.statusReason} />}>
      <Grid gap="md">
        {(!narrow || !jid) && (
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Paper withBorder p="xs" h={{ base: 'auto', sm: 'calc(100vh - 190px)' }} style={{ overflowY: 'auto' }}>
              {list}
            </Paper>
          </Grid.Col>
        )}
        {(!narrow || jid) && (
          <Grid.Col span={{ base: 12, sm: 8 }}>
            {jid ? (
              <Conversation key={`${session.sessionId}/${jid}`} sessionId={session.sessionId} jid={jid} narrow={Boolean(narrow)} />
            ) : (
              <Paper withBorder p="md" h="calc(100vh - 190px)">
                <EmptyState title="Pick a chat">Choose a chat on the left, or open a new one with a phone number.</EmptyState>
              </Paper>
            )}
          </Grid.Col>
        )}
      </Grid>
    </Page>
  )
}

function Conversation({ sessionId, jid, narrow }: { sessionId: string; jid: string; narrow: boolean }) {
  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const chats = useQuery({ queryKey: ['chats', sessionId], queryFn: () => get<Chat[]>(`/api/chat/${encodeURIComponent(sessionId)}`) })
  const chat = chats.data?.find((c) => c.jid === jid) ?? { jid, name: null, notify: null, profilePic: null, lastMessage: null, isGroup: jid.endsWith('@g.us') }
  const react = useMutation({
    mutationFn: ({ message, emoji }: { message: Message; emoji: string }) =>
      post('/api/chat/send', { sessionId, jid, message: { react: { text: emoji, key: { id: message.keyId, fromMe: message.fromMe } } } }),
    onError: (error) => notifications.show({ color: 'red', title: 'Reaction not sent', message: describeError(error) }),
  })
  const client = useQueryClient()
  const [editing, setEditing] = useState<Message | null>(null)
  const [editText, setEditText] = useState('')
  const [revoking, setRevoking] = useState<Message | null>(null)
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['messages', sessionId, jid] })
    void client.invalidateQueries({ queryKey: ['chats', sessionId] })
  }
  const edit = useMutation({
    mutationFn: ({ message, text }: { message: Message; text: string }) => post('/api/chat/edit', { sessionId, jid, messageId: message.keyId, text }),
    onSuccess: () => {
      setEditing(null)
      refresh()
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not edited', message: describeError(error) }),
  })
  const revoke = useMutation({
    mutationFn: (message: Message) => post('/api/chat/revoke', { sessionId, jid, messageId: message.keyId }),
    onSuccess: () => {
      setRevoking(null)
      refresh()
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
  })
  const alt = chat.jidAlt && chat.jidAlt !== jid ? chat.jidAlt : null
  return (
    <Paper withBorder p="xs" h="calc(100vh - 190px)" mih={420} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {narrow && (
            <Anchor component={Link} href="/chats" aria-label="Back to the chats">
              <IconArrowLeft size={18} aria-hidden />
            </Anchor>
          )}
          <Avatar src={chat.profilePic} alt="" radius="xl" color="teal">
            {chatTitle(chat).slice(0, 2).toUpperCase()}
          </Avatar>
          <Box style={{ minWidth: 0 }}>
            <Title order={2} size="h5" lineClamp={1}>
              {chatTitle(chat)}
            </Title>
            <Text size="xs" c="dimmed" truncate>
              {jid}
              {alt && (
                <Text span size="xs" c="dimmed" title="The same person's other address (LID or phone number)">
                  {' · '}
                  {alt}
                </Text>
              )}
            </Text>
          </Box>
        </Group>
        <SandboxWriter sessionId={sessionId} jid={jid} />
      </Group>
      <Thread
        sessionId={sessionId}
        jid={jid}
        onReply={setReplyTo}
        onReact={(message, emoji) => react.mutate({ message, emoji })}
        onEdit={(message) => {
          setEditText(message.content ?? '')
          setEditing(message)
        }}
        onRevoke={setRevoking}
      />
      <Composer sessionId={sessionId} jid={jid} replyTo={replyTo} clearReply={() => setReplyTo(null)} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit message">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (editing && editText.trim()) edit.mutate({ message: editing, text: editText })
          }}
        >
          <Stack>
            <Textarea label="New text" autosize minRows={2} maxRows={8} value={editText} onChange={(e) => setEditText(e.currentTarget.value)} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={edit.isPending} disabled={!editText.trim() || editText === editing?.content}>
                Save edit
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Delete for everyone?">
        <Stack>
          <Text size="sm">The message is removed from this chat on every phone. It cannot be undone.</Text>
          {revoking?.content && (
            <Text size="sm" c="dimmed" lineClamp={3} fs="italic">
              {revoking.content}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking)}>
              Delete for everyone
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  )
}

/** Sandbox mode: write to this session as the contact of this chat (the sandbox delivers it like WhatsApp would). */
function SandboxWriter({ sessionId, jid }: { sessionId: string; jid: string }) {
  const sandbox = useSandbox()
  const [text, setText] = useState('')
  const contact = sandbox.data?.contacts.find((c) => c.jid === jid || jid.startsWith(`${c.pn}@`))
  const send = useMutation({
    mutationFn: () => post('/api/sandbox/messages', { sessionId, contact: contact!.pn, text }),
    onSuccess: () => setText(''),
    onError: (error) => notifications.show({ color: 'red', title: 'The sandbox contact could not write', message: describeError(error) }),
  })
  if (!contact) return null
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (text.trim()) send.mutate()
      }}
    >
      <Group gap={4} wrap="nowrap">
        <TextInput size="xs" aria-label={`Write as ${contact.name ?? contact.pn} (sandbox)`} placeholder={`As ${contact.name ?? contact.pn}…`} value={text} onChange={(e) => setText(e.currentTarget.value)} w={170} />
        <Button size="xs" type="submit" color="violet" variant="light" loading={send.isPending} leftSection={<IconUserCircle size={14} aria-hidden />}>
          Send as contact
        </Button>
      </Group>
    </form>
  )
}
