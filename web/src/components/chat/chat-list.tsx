import { ActionIcon, Avatar, Badge, Group, Menu, Stack, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArchive, IconBellOff, IconDotsVertical, IconMail, IconMailOpened, IconPin, IconSearch } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { Link } from 'wouter'
import { describeError, get, post } from '../../api/client.ts'
import type { Chat } from '../../api/types.ts'
import { EmptyState, ErrorState, Loading } from '../states.tsx'
import { chatTitle, shortTime } from './format.ts'

export function ChatList({ sessionId, activeJid }: { sessionId: string; activeJid?: string }) {
  const chats = useQuery({ queryKey: ['chats', sessionId], queryFn: () => get<Chat[]>(`/api/chat/${encodeURIComponent(sessionId)}`) })
  const [filter, setFilter] = useState('')
  const [showArchived, setShowArchived] = useState(false)
  const archivedCount = (chats.data ?? []).filter((c) => c.archived).length
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    return (chats.data ?? [])
      .filter((c) => Boolean(c.archived) === showArchived)
      .filter((c) => !needle || chatTitle(c).toLowerCase().includes(needle) || c.jid.includes(needle) || Boolean(c.jidAlt?.includes(needle)))
      .sort((a, b) => Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)))
  }, [chats.data, filter, showArchived])
  const client = useQueryClient()
  const modify = useMutation({
    mutationFn: (body: { jid: string; action: string; until?: number }) => post('/api/chat/modify', { sessionId, ...body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['chats', sessionId] }),
    onError: (error) => notifications.show({ color: 'red', title: 'The chat was not changed', message: describeError(error) }),
  })

  if (chats.isLoading) return <Loading label="Loading chats" />
  if (chats.isError) return <ErrorState error={chats.error} retry={() => void chats.refetch()} />
  return (
    <Stack gap={4}>
      <TextInput aria-label="Search chats" placeholder="Search chats" leftSection={<IconSearch size={14} aria-hidden />} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} size="xs" />
      {(archivedCount > 0 || showArchived) && (
        <UnstyledButton onClick={() => setShowArchived(!showArchived)} px="xs" py={4} aria-pressed={showArchived}>
          <Group gap={6}>
            <IconArchive size={14} aria-hidden />
            <Text size="xs" fw={500}>
              {showArchived ? 'Back to the chats' : `Archived (${archivedCount})`}
            </Text>
          </Group>
        </UnstyledButton>
      )}
      {shown.length === 0 ? (
        <EmptyState title={showArchived ? 'No archived chats' : chats.data!.length ? 'No chat matches' : 'No chats yet'}>
          {chats.data!.length ? 'Try another name or number.' : 'Chats appear here once the session sends or receives a message. Start one with a phone number above.'}
        </EmptyState>
      ) : (
        <nav aria-label="Chats">
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {shown.map((chat) => (
              <li key={chat.jid} style={{ display: 'flex', alignItems: 'center', gap: 2 }}>
                <UnstyledButton
                  component={Link}
                  href={`/chats/${encodeURIComponent(chat.jid)}`}
                  aria-current={chat.jid === activeJid ? 'page' : undefined}
                  p="xs"
                  style={{ flex: 1, minWidth: 0, borderRadius: 8, display: 'block', background: chat.jid === activeJid ? 'var(--mantine-color-teal-light)' : undefined }}
                  data-testid="chat-item"
                >
                  <Group wrap="nowrap" gap="sm">
                    <Avatar src={chat.profilePic} alt="" radius="xl" color="teal">
                      {chatTitle(chat).slice(0, 2).toUpperCase()}
                    </Avatar>
                    <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                      <Group justify="space-between" wrap="nowrap" gap={4}>
                        <Text size="sm" fw={600} truncate>
                          {chatTitle(chat)}
                        </Text>
                        {chat.lastMessage && (
                          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                            {shortTime(chat.lastMessage.timestamp)}
                          </Text>
                        )}
                      </Group>
                      <Group justify="space-between" wrap="nowrap" gap={4}>
                        <Text size="xs" c="dimmed" truncate>
                          {chat.lastMessage ? (chat.lastMessage.content ?? chat.lastMessage.type.toLowerCase()) : chat.jid}
                        </Text>
                        <ChatStates chat={chat} />
                      </Group>
                    </Stack>
                  </Group>
                </UnstyledButton>
                <ChatMenu chat={chat} onAction={(action, until) => modify.mutate({ jid: chat.jid, action, ...(until ? { until } : {}) })} />
              </li>
            ))}
          </Stack>
        </nav>
      )}
    </Stack>
  )
}

const isMuted = (chat: Chat) => Boolean(chat.mutedUntil && new Date(chat.mutedUntil).getTime() > Date.now())

/** Pinned, muted and unread, as small marks after the last message. */
function ChatStates({ chat }: { chat: Chat }) {
  const unread = chat.unreadCount ?? 0
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      {chat.pinned && <IconPin size={14} aria-label="pinned" role="img" color="var(--mantine-color-dimmed)" />}
      {isMuted(chat) && <IconBellOff size={14} aria-label="muted" role="img" color="var(--mantine-color-dimmed)" />}
      {unread > 0 ? (
        <Badge size="sm" circle={unread < 10} color="teal" data-testid="unread-badge">
          {unread > 99 ? '99+' : unread}
          <VisuallyHidden> unread</VisuallyHidden>
        </Badge>
      ) : (
        chat.markedUnread && (
          <Badge size="xs" circle color="teal" data-testid="unread-badge">
            <VisuallyHidden>marked unread</VisuallyHidden>
          </Badge>
        )
      )}
    </Group>
  )
}

const HOUR = 3600
function ChatMenu({ chat, onAction }: { chat: Chat; onAction: (action: string, until?: number) => void }) {
  const unread = (chat.unreadCount ?? 0) > 0 || chat.markedUnread
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Chat actions: ${chatTitle(chat)}`}>
          <IconDotsVertical size={14} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPin size={14} aria-hidden />} onClick={() => onAction(chat.pinned ? 'unpin' : 'pin')}>
          {chat.pinned ? 'Unpin' : 'Pin'}
        </Menu.Item>
        <Menu.Item leftSection={<IconArchive size={14} aria-hidden />} onClick={() => onAction(chat.archived ? 'unarchive' : 'archive')}>
          {chat.archived ? 'Unarchive' : 'Archive'}
        </Menu.Item>
        {unread ? (
          <Menu.Item leftSection={<IconMailOpened size={14} aria-hidden />} onClick={() => onAction('markRead')}>
            Mark as read
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconMail size={14} aria-hidden />} onClick={() => onAction('markUnread')}>
            Mark as unread
          </Menu.Item>
        )}
        {isMuted(chat) ? (
          <Menu.Item leftSection={<IconBellOff size={14} aria-hidden />} onClick={() => onAction('unmute')}>
            Unmute
          </Menu.Item>
        ) : (
          <>
            <Menu.Label>Mute</Menu.Label>
            <Menu.Item onClick={() => onAction('mute', 8 * HOUR)}>For 8 hours</Menu.Item>
            <Menu.Item onClick={() => onAction('mute', 7 * 24 * HOUR)}>For a week</Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
