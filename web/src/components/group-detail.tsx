import { Badge, Button, Code, CopyButton, Divider, Group, Modal, Stack, Switch, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { describeError, get, patch, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { toJid } from './chat/format.ts'
import { ErrorState, Loading } from './states.tsx'

interface GroupDetail {
  jid: string
  subject: string | null
  description: string | null
  ownerJid: string | null
  announce: boolean
  restrict: boolean
  participants: Array<{ jid: string; jidAlt: string | null; admin: 'admin' | 'superadmin' | null }>
  size: number
}
interface ParticipantsAnswer {
  results: Array<{ input: string; jid: string; status: string; success: boolean }>
}
type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote'

/** A JID without its device part (`628…:12@s.whatsapp.net` → `628…@s.whatsapp.net`). */
const bare = (jid: string | undefined | null) => jid?.replace(/:\d+@/, '@')
const PAST: Record<ParticipantAction, string> = { add: 'added', remove: 'removed', promote: 'promoted', demote: 'demoted' }

/**
 * One group's administration: subject and description, who may send and edit, the invite link, the
 * members (promote, demote, remove, add by number) and leaving. WhatsApp's refusals are shown as they come.
 */
export function GroupDetailPanel({ session, groupJid, onLeft }: { session: Session; groupJid: string; onLeft: () => void }) {
  const client = useQueryClient()
  const base = `/api/groups/${encodeURIComponent(session.sessionId)}/${encodeURIComponent(groupJid)}`
  const key = ['groups', session.sessionId, groupJid]
  const group = useQuery({ queryKey: key, queryFn: () => get<GroupDetail>(base) })
  const refresh = () => void client.invalidateQueries({ queryKey: ['groups', session.sessionId] })
  const failed = (title: string) => (error: unknown) => notifications.show({ color: 'red', title, message: describeError(error) })
  const me = new Set([bare(session.me?.jid), bare(session.me?.lid)].filter(Boolean))

  const [subject, setSubject] = useState<string | null>(null)
  const [description, setDescription] = useState<string | null>(null)
  const [number, setNumber] = useState('')
  const [invite, setInvite] = useState<string | null>(null)
  const [leaving, setLeaving] = useState(false)

  const update = useMutation({
    mutationFn: (changes: Record<string, unknown>) => patch(base, changes),
    onSuccess: () => {
      setSubject(null)
      setDescription(null)
      notifications.show({ color: 'green', message: 'Group updated' })
      refresh()
    },
    onError: failed('The group was not changed'),
  })
  const members = useMutation({
    mutationFn: ({ action, participants }: { action: ParticipantAction; participants: string[] }) => post<ParticipantsAnswer>('/api/groups/participants', { sessionId: session.sessionId, groupJid, action, participants }),
    onSuccess: (answer, { action }) => {
      const refused = answer.results.filter((r) => !r.success)
      if (refused.length) notifications.show({ color: 'red', title: `Not ${PAST[action]}`, message: refused.map((r) => `${r.input}: WhatsApp answered ${r.status}`).join('; ') })
      else notifications.show({ color: 'green', message: `${answer.results.length === 1 ? 'Member' : 'Members'} ${PAST[action]}` })
      if (action === 'add' && !refused.length) setNumber('')
      refresh()
    },
    onError: failed('Members not changed'),
  })
  const inviteLink = useMutation({
    mutationFn: (revoke: boolean) => (revoke ? post<{ link: string }>(`${base}/invite/revoke`) : get<{ link: string }>(`${base}/invite`)),
    onSuccess: (answer, revoke) => {
      setInvite(answer.link)
      if (revoke) notifications.show({ color: 'green', message: 'Invite link revoked: the new one is shown' })
    },
    onError: failed('No invite link'),
  })
  const leave = useMutation({
    mutationFn: () => post('/api/groups/leave', { sessionId: session.sessionId, groupJid }),
    onSuccess: () => {
      setLeaving(false)
      notifications.show({ color: 'green', message: 'You left the group' })
      refresh()
      onLeft()
    },
    onError: failed('Not left'),
  })

  if (group.isLoading) return <Loading label="Loading the group" />
  if (group.isError) return <ErrorState error={group.error} retry={() => void group.refetch()} />
  const g = group.data!
  const iAmAdmin = g.participants.some((p) => (me.has(bare(p.jid)) || me.has(bare(p.jidAlt))) && p.admin)
  const subjectValue = subject ?? g.subject ?? ''
  const descriptionValue = description ?? g.description ?? ''

  return (
    <Stack gap="md" data-testid="group-detail">
      {!iAmAdmin && (
        <Text size="sm" c="dimmed">
          This account is not an admin of the group: WhatsApp refuses most changes.
        </Text>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const changes: Record<string, unknown> = {}
          if (subjectValue.trim() && subjectValue !== (g.subject ?? '')) changes.subject = subjectValue.trim()
          if (descriptionValue !== (g.description ?? '')) changes.description = descriptionValue
          if (Object.keys(changes).length) update.mutate(changes)
        }}
      >
        <Stack gap="xs">
          <TextInput label="Subject" maxLength={100} value={subjectValue} onChange={(e) => setSubject(e.currentTarget.value)} />
          <Textarea label="Description" autosize minRows={2} maxRows={6} value={descriptionValue} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={update.isPending} disabled={subject === null && description === null}>
              Save subject and description
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap="xs">
        <Switch label="Only admins send messages" checked={g.announce} disabled={update.isPending} onChange={(e) => update.mutate({ announce: e.currentTarget.checked })} />
        <Switch label="Only admins edit the group info" checked={g.restrict} disabled={update.isPending} onChange={(e) => update.mutate({ restrict: e.currentTarget.checked })} />
      </Stack>
      <Divider />
      <Stack gap="xs">
        <Title order={3} size="h5">
          Invite link
        </Title>
        {invite && (
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="invite-link" style={{ wordBreak: 'break-all' }}>
              {invite}
            </Code>
            <CopyButton value={invite}>
              {({ copied, copy }) => (
                <Button size="xs" variant="subtle" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        )}
        <Group gap="xs">
          <Button size="xs" variant="light" loading={inviteLink.isPending && inviteLink.variables === false} onClick={() => inviteLink.mutate(false)}>
            Show invite link
          </Button>
          <Button size="xs" variant="light" color="red" loading={inviteLink.isPending && inviteLink.variables === true} onClick={() => inviteLink.mutate(true)}>
            Revoke invite link
          </Button>
        </Group>
      </Stack>
      <Divider />
      <Stack gap="xs">
        <Title order={3} size="h5">
          Participants ({g.participants.length})
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            const jid = toJid(number)
            if (!jid) return notifications.show({ color: 'red', message: 'Enter a phone number in international format (digits) or a JID' })
            members.mutate({ action: 'add', participants: [jid] })
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput label="Add by number" size="xs" placeholder="628123…" value={number} onChange={(e) => setNumber(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" size="xs" loading={members.isPending && members.variables?.action === 'add'} disabled={!number.trim()}>
              Add
            </Button>
          </Group>
        </form>
        <Table.ScrollContainer minWidth={380}>
          <Table aria-label="Participants" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {g.participants.map((p) => {
                const self = me.has(bare(p.jid)) || me.has(bare(p.jidAlt))
                const who = p.jid.split('@')[0]
                return (
                  <Table.Tr key={p.jid} data-testid="participant-row">
                    <Table.Td>
                      <Text size="sm">
                        {p.jid.endsWith('@s.whatsapp.net') ? `+${who}` : who}
                        {self && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            (you)
                          </Text>
                        )}
                      </Text>
                      {p.jidAlt && (
                        <Text size="xs" c="dimmed">
                          {p.jidAlt}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{p.admin && <Badge size="sm" variant="light">{p.admin === 'superadmin' ? 'owner' : 'admin'}</Badge>}</Table.Td>
                    <Table.Td>
                      {!self && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {p.admin !== 'superadmin' && (
                            <Button size="compact-xs" variant="subtle" onClick={() => members.mutate({ action: p.admin ? 'demote' : 'promote', participants: [p.jid] })} aria-label={`${p.admin ? 'Demote' : 'Promote'} ${who}`}>
                              {p.admin ? 'Demote' : 'Promote'}
                            </Button>
                          )}
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => members.mutate({ action: 'remove', participants: [p.jid] })} aria-label={`Remove ${who}`}>
                            Remove
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <Divider />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {g.jid}
        </Text>
        <Button size="xs" color="red" variant="outline" onClick={() => setLeaving(true)}>
          Leave group
        </Button>
      </Group>
      <Modal opened={leaving} onClose={() => setLeaving(false)} title="Leave the group?">
        <Stack>
          <Text size="sm">The account stops receiving this group's messages; it can come back only with an invite.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setLeaving(false)}>
              Cancel
            </Button>
            <Button color="red" loading={leave.isPending} onClick={() => leave.mutate()}>
              Leave group
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
