import { ActionIcon, Anchor, Badge, Group, Menu, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconCheck, IconChecks, IconClock, IconDots, IconExclamationCircle, IconFileDownload, IconMapPin, IconPencil, IconTrash, IconUser } from '@tabler/icons-react'
import type { Message, Poll } from '../../api/types.ts'

export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏']

function Ticks({ status }: { status: string | null }) {
  switch (status) {
    case 'READ':
      return <IconChecks size={16} color="var(--mantine-color-blue-6)" aria-label="read" role="img" />
    case 'DELIVERED':
      return <IconChecks size={16} aria-label="delivered" role="img" />
    case 'SENT':
      return <IconCheck size={16} aria-label="sent" role="img" />
    case 'FAILED':
      return <IconExclamationCircle size={16} color="var(--mantine-color-red-6)" aria-label="failed" role="img" />
    default:
      return <IconClock size={14} aria-label="pending" role="img" />
  }
}

function Media({ message }: { message: Message }) {
  const url = message.mediaUrl
  if (!url) return message.type !== 'TEXT' && message.type !== 'LOCATION' && message.type !== 'CONTACT' ? <Badge variant="light">{message.type.toLowerCase()}</Badge> : null
  switch (message.type) {
    case 'IMAGE':
      return <img src={url} alt={message.content ?? 'image'} loading="lazy" style={{ maxWidth: '100%', maxHeight: 280, borderRadius: 6 }} />
    case 'STICKER':
      return <img src={url} alt="sticker" loading="lazy" style={{ width: 128, height: 128, objectFit: 'contain' }} />
    case 'VIDEO':
      return <video src={url} controls preload="metadata" style={{ maxWidth: '100%', maxHeight: 280, borderRadius: 6 }} aria-label="video" />
    case 'AUDIO':
      return <audio src={url} controls preload="none" aria-label="audio message" />
    default:
      return (
        <Anchor href={url} download size="sm">
          <Group gap={4}>
            <IconFileDownload size={16} aria-hidden /> Download {message.type.toLowerCase()}
          </Group>
        </Anchor>
      )
  }
}

/** WhatsApp lets a sent text be edited for 15 minutes. */
const EDIT_WINDOW_MS = 15 * 60_000

export const canEdit = (message: Message) => message.fromMe && !message.revoked && message.type === 'TEXT' && Date.now() - new Date(message.timestamp).getTime() < EDIT_WINDOW_MS

function PollView({ poll }: { poll: Poll }) {
  const total = poll.options.reduce((sum, o) => sum + o.votes, 0)
  return (
    <Stack gap={6} role="group" aria-label={`Poll: ${poll.name}`} data-testid="poll">
      <Text size="sm" fw={600}>
        {poll.name}
      </Text>
      <Text size="xs" c="dimmed">
        {poll.selectableCount === 1 ? 'Choose one' : poll.selectableCount === 0 ? 'Choose any' : `Choose up to ${poll.selectableCount}`}
      </Text>
      {poll.options.map((option) => (
        <Stack key={option.name} gap={2}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{option.name}</Text>
            <Text size="xs" c="dimmed" data-testid="poll-votes">
              {option.votes} {option.votes === 1 ? 'vote' : 'votes'}
            </Text>
          </Group>
          <Progress value={total ? (option.votes / total) * 100 : 0} size="sm" color="teal" aria-hidden />
        </Stack>
      ))}
    </Stack>
  )
}

export function MessageBubble({
  message,
  quoted,
  onReply,
  onReact,
  onEdit,
  onRevoke,
}: {
  message: Message
  quoted?: Message
  onReply: () => void
  onReact: (emoji: string) => void
  onEdit: () => void
  onRevoke: () => void
}) {
  const reactions = Object.entries(message.reactions ?? {}).filter(([, emoji]) => emoji)
  const time = new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  return (
    <Group justify={message.fromMe ? 'flex-end' : 'flex-start'} px="sm" py={3} wrap="nowrap" align="flex-start" data-testid="message" data-from-me={message.fromMe}>
      <Paper
        px="sm"
        py={6}
        radius="md"
        maw="min(80%, 560px)"
        bg={message.fromMe ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-default)'}
        withBorder={!message.fromMe}
        style={{ wordBreak: 'break-word' }}
      >
        <Stack gap={4}>
          {!message.fromMe && message.pushName && message.remoteJid.endsWith('@g.us') && (
            <Text size="xs" fw={600} c="teal.8">
              {message.pushName}
            </Text>
          )}
          {message.quoteId && (
            <Paper px="xs" py={2} bg="var(--mantine-color-gray-light)" style={{ borderLeft: '3px solid var(--mantine-color-teal-6)' }}>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {quoted ? (quoted.content ?? quoted.type.toLowerCase()) : 'a reply to an earlier message'}
              </Text>
            </Paper>
          )}
          {message.revoked ? (
            <Text size="sm" fs="italic" c="dimmed">
              This message was deleted
            </Text>
          ) : (
            <>
              {message.type === 'POLL' && message.poll ? <PollView poll={message.poll} /> : <Media message={message} />}
              {message.type === 'LOCATION' && <IconMapPin size={16} aria-label="location" role="img" />}
              {message.type === 'CONTACT' && <IconUser size={16} aria-label="contact card" role="img" />}
              {message.content && !(message.type === 'POLL' && message.poll) && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {message.content}
                </Text>
              )}
            </>
          )}
          <Group gap={4} justify="flex-end">
            {message.editedAt && !message.revoked && (
              <Text size="xs" c="dimmed" fs="italic">
                edited
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {time}
            </Text>
            {message.fromMe && <Ticks status={message.status} />}
          </Group>
          {reactions.length > 0 && (
            <Group gap={2} aria-label="reactions">
              {reactions.map(([who, emoji]) => (
                <Tooltip key={who} label={who.split('@')[0]}>
                  <Badge variant="default" size="sm" radius="xl">
                    {emoji}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          )}
        </Stack>
      </Paper>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Message actions">
            <IconDots size={14} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={onReply}>
            Reply
          </Menu.Item>
          {canEdit(message) && (
            <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>
              Edit
            </Menu.Item>
          )}
          {message.fromMe && !message.revoked && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onRevoke}>
              Delete for everyone
            </Menu.Item>
          )}
          <Menu.Label>React</Menu.Label>
          <Group gap={0} px={4} pb={4}>
            {REACTIONS.map((emoji) => (
              <Menu.Item key={emoji} onClick={() => onReact(emoji)} aria-label={`React with ${emoji}`} px={6} w="auto">
                {emoji}
              </Menu.Item>
            ))}
          </Group>
        </Menu.Dropdown>
      </Menu>
    </Group>
  )
}
