import { Avatar, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { Link } from 'wouter'
import { get } from '../../api/client.ts'
import type { Chat } from '../../api/types.ts'
import { EmptyState, ErrorState, Loading } from '../states.tsx'
import { chatTitle, shortTime } from './format.ts'

export function ChatList({ sessionId, activeJid }: { sessionId: string; activeJid?: string }) {
  const chats = useQuery({ queryKey: ['chats', sessionId], queryFn: () => get<Chat[]>(`/api/chat/${encodeURIComponent(sessionId)}`) })
  const [filter, setFilter] = useState('')
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    return (chats.data ?? []).filter((c) => !needle || chatTitle(c).toLowerCase().includes(needle) || c.jid.includes(needle))
  }, [chats.data, filter])

  if (chats.isLoading) return <Loading label="Loading chats" />
  if (chats.isError) return <ErrorState error={chats.error} retry={() => void chats.refetch()} />
  return (
    <Stack gap={4}>
      <TextInput aria-label="Search chats" placeholder="Search chats" leftSection={<IconSearch size={14} aria-hidden />} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} size="xs" />
      {shown.length === 0 ? (
        <EmptyState title={chats.data!.length ? 'No chat matches' : 'No chats yet'}>
          {chats.data!.length ? 'Try another name or number.' : 'Chats appear here once the session sends or receives a message. Start one with a phone number above.'}
        </EmptyState>
      ) : (
        <nav aria-label="Chats">
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {shown.map((chat) => (
              <li key={chat.jid}>
                <UnstyledButton
                  component={Link}
                  href={`/chats/${encodeURIComponent(chat.jid)}`}
                  aria-current={chat.jid === activeJid ? 'page' : undefined}
                  p="xs"
                  w="100%"
                  style={{ borderRadius: 8, display: 'block', background: chat.jid === activeJid ? 'var(--mantine-color-teal-light)' : undefined }}
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
                      <Text size="xs" c="dimmed" truncate>
                        {chat.lastMessage ? (chat.lastMessage.content ?? chat.lastMessage.type.toLowerCase()) : chat.jid}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </nav>
      )}
    </Stack>
  )
}
