import { Alert, Anchor, Button, Card, Checkbox, Code, Group, Modal, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconDeviceMobileMessage, IconPlayerPlay, IconPlayerStop, IconRefresh, IconLogout2, IconTrash } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { QRCodeSVG } from 'qrcode.react'
import { useEffect, useState, type FormEvent } from 'react'
import { Link, useLocation, useParams } from 'wouter'
import { del, describeError, get, patch, post } from '../api/client.ts'
import { useCurrentSession, useSandbox } from '../api/hooks.ts'
import type { Session, SessionConfig } from '../api/types.ts'
import { Page } from '../components/page.tsx'
import { ErrorState, Loading } from '../components/states.tsx'
import { StatusBadge } from '../components/status-badge.tsx'

const SWITCHES: Array<{ key: keyof SessionConfig; label: string; description: string }> = [
  { key: 'autoReplyEnabled', label: 'Auto-replies', description: 'Answer messages with the rules on the Auto-replies page' },
  { key: 'readReceipts', label: 'Read receipts', description: 'Mark received messages as read' },
  { key: 'antiDelete', label: 'Anti-delete', description: 'Keep messages the sender deletes for everyone' },
  { key: 'ghostMode', label: 'Ghost mode', description: 'Do not show "online" or "typing"' },
  { key: 'ppGuardEnabled', label: 'Profile picture guard', description: 'Show the fallback picture for contacts without one' },
  { key: 'rejectCalls', label: 'Reject calls', description: 'Decline every call to this account' },
]

export default function SessionPage() {
  const { sessionId } = useParams<{ sessionId: string }>()
  const client = useQueryClient()
  const { setCurrent } = useCurrentSession()
  const query = useQuery({ queryKey: ['session', sessionId], queryFn: () => get<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`) })
  useEffect(() => {
    if (query.data) setCurrent(query.data.sessionId)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.data?.sessionId])

  if (query.isLoading) return <Loading label="Loading the session" />
  if (query.isError)
    return (
      <Page title="Session">
        <ErrorState title="This session cannot be shown" error={query.error} />
        <Anchor component={Link} href="/sessions">
          Back to your sessions
        </Anchor>
      </Page>
    )
  const session = query.data!
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['session', sessionId] })
    void client.invalidateQueries({ queryKey: ['sessions'] })
  }
  return (
    <Page title={session.name} actions={<StatusBadge status={session.status} reason={session.statusReason} />}>
      <Text size="sm" c="dimmed">
        Session <Code>{session.sessionId}</Code>
        {session.me && <> · linked to +{session.me.jid.split(/[:@]/)[0]}{session.me.name ? ` (${session.me.name})` : ''}</>}
        {session.statusReason && <> · {session.statusReason}</>}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <LinkCard session={session} onChange={refresh} />
        <Controls session={session} onChange={refresh} />
      </SimpleGrid>
      <Settings session={session} onSaved={refresh} />
      <DangerZone session={session} />
    </Page>
  )
}

function LinkCard({ session, onChange }: { session: Session; onChange: () => void }) {
  const sandbox = useSandbox()
  const [phone, setPhone] = useState('')
  const scan = useMutation({
    mutationFn: () => post('/api/sandbox/scan', { sessionId: session.sessionId }),
    onSuccess: () => notifications.show({ color: 'green', message: 'Scanned with the virtual phone: the session connects now' }),
    onError: (error) => notifications.show({ color: 'red', title: 'Scan failed', message: describeError(error) }),
  })
  const pair = useMutation({
    mutationFn: () => post(`/api/sessions/${session.sessionId}/start`, { pairingPhone: phone.replace(/\D/g, '') }),
    onSuccess: onChange,
    onError: (error) => notifications.show({ color: 'red', title: 'Could not ask for a pairing code', message: describeError(error) }),
  })

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Link a phone
        </Title>
        {session.status === 'CONNECTED' ? (
          <Alert color="green">Linked and connected. Open the Chats page to send and receive.</Alert>
        ) : session.qr ? (
          <Stack align="center" gap="xs">
            <div style={{ background: 'white', padding: 12, borderRadius: 8, lineHeight: 0 }}>
              <QRCodeSVG value={session.qr} size={232} role="img" aria-label={`QR code to link session ${session.name}`} data-testid="session-qr" data-qr={session.qr} />
            </div>
            <Text size="sm" c="dimmed" ta="center">
              On your phone: WhatsApp → Settings → Linked devices → Link a device, then scan. The code refreshes by itself.
            </Text>
            {sandbox.data && (
              <Button leftSection={<IconDeviceMobileMessage size={16} aria-hidden />} color="violet" onClick={() => scan.mutate()} loading={scan.isPending}>
                Scan with the virtual phone
              </Button>
            )}
          </Stack>
        ) : session.pairingCode ? (
          <Stack gap={4}>
            <Text size="sm">Enter this code on your phone (WhatsApp → Linked devices → Link with phone number):</Text>
            <Code fz="xl" ta="center" data-testid="pairing-code">
              {session.pairingCode}
            </Code>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {session.status === 'CONNECTING' ? 'Connecting; a QR code appears here in a moment.' : 'Start the session to get a QR code.'}
          </Text>
        )}
        {session.status !== 'CONNECTED' && (
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault()
              pair.mutate()
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput label="Or link by pairing code: phone number" description="International format, digits only" placeholder="6281234567890" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} w={260} />
              <Button type="submit" variant="light" loading={pair.isPending} disabled={!/^\+?\d{6,15}$/.test(phone.trim())}>
                Get pairing code
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  )
}

function Controls({ session, onChange }: { session: Session; onChange: () => void }) {
  const control = useMutation({
    mutationFn: (action: 'start' | 'stop' | 'restart' | 'logout') => post(`/api/sessions/${session.sessionId}/${action}`),
    onSuccess: (_, action) => {
      notifications.show({ message: `Session ${action} requested` })
      onChange()
    },
    onError: (error, action) => notifications.show({ color: 'red', title: `Could not ${action} the session`, message: describeError(error) }),
  })
  const busy = control.isPending ? control.variables : undefined
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Connection
        </Title>
        <Group gap="xs">
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => control.mutate('start')} loading={busy === 'start'} variant="light">
            Start
          </Button>
          <Button leftSection={<IconPlayerStop size={16} aria-hidden />} onClick={() => control.mutate('stop')} loading={busy === 'stop'} variant="light" color="gray">
            Stop
          </Button>
          <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => control.mutate('restart')} loading={busy === 'restart'} variant="light" color="blue">
            Restart
          </Button>
          <Button leftSection={<IconLogout2 size={16} aria-hidden />} onClick={() => control.mutate('logout')} loading={busy === 'logout'} variant="light" color="orange">
            Log out of WhatsApp
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Stop keeps the link; log out unlinks this device (a new QR scan is needed). A ZOMBIE session heals by itself; restart forces it.
        </Text>
      </Stack>
    </Card>
  )
}

function Settings({ session, onSaved }: { session: Session; onSaved: () => void }) {
  const [config, setConfig] = useState<SessionConfig>(session.config)
  useEffect(() => setConfig(session.config), [session.config])
  // The proxy is only ever shown masked: it is sent only when replaced or removed, never echoed back.
  const [newProxy, setNewProxy] = useState('')
  const [removeProxy, setRemoveProxy] = useState(false)
  const save = useMutation({
    mutationFn: () => {
      const { proxy: _masked, ...rest } = config
      const proxy = removeProxy ? { proxy: null } : newProxy.trim() ? { proxy: newProxy.trim() } : {}
      return patch(`/api/sessions/${session.sessionId}/settings`, {
        config: { ...rest, ppGuardFallbackUrl: config.ppGuardFallbackUrl || null, rejectCallsMessage: config.rejectCallsMessage?.trim() || null, ...proxy },
      })
    },
    onSuccess: () => {
      setNewProxy('')
      setRemoveProxy(false)
      notifications.show({ color: 'green', message: 'Settings saved' })
      onSaved()
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Settings not saved', message: describeError(error) }),
  })
  return (
    <Card withBorder>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          save.mutate()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Settings
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {SWITCHES.map((s) => (
              <Switch key={s.key} label={s.label} description={s.description} checked={Boolean(config[s.key])} onChange={(e) => setConfig({ ...config, [s.key]: e.currentTarget.checked })} />
            ))}
          </SimpleGrid>
          <TextInput
            label="Fallback profile picture URL"
            description="Shown by the profile picture guard for contacts without a picture (http or https)"
            placeholder="https://example.com/avatar.jpg"
            value={config.ppGuardFallbackUrl ?? ''}
            onChange={(e) => setConfig({ ...config, ppGuardFallbackUrl: e.currentTarget.value })}
            type="url"
          />
          <Textarea
            label="Message to rejected callers"
            description="Sent as a text to each caller when calls are rejected; empty for none"
            autosize
            minRows={1}
            maxRows={4}
            maxLength={4096}
            disabled={!config.rejectCalls}
            value={config.rejectCallsMessage ?? ''}
            onChange={(e) => setConfig({ ...config, rejectCallsMessage: e.currentTarget.value })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Current proxy
            </Text>
            <Text size="xs" c="dimmed" data-testid="session-proxy">
              {session.config.proxy ? <Code>{session.config.proxy}</Code> : 'None: the session connects directly.'}
            </Text>
            <TextInput
              label={session.config.proxy ? 'Replace the proxy' : 'Proxy URL'}
              description="http://, https://, socks5:// or socks5h://, with user:password@ if the proxy wants them; the session reconnects through it"
              placeholder="socks5://user:password@10.0.0.5:1080"
              value={newProxy}
              disabled={removeProxy}
              onChange={(e) => setNewProxy(e.currentTarget.value)}
              autoComplete="off"
            />
            {session.config.proxy && <Checkbox label="Remove the proxy" checked={removeProxy} onChange={(e) => setRemoveProxy(e.currentTarget.checked)} />}
          </Stack>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

function DangerZone({ session }: { session: Session }) {
  const [opened, { open, close }] = useDisclosure(false)
  const [typed, setTyped] = useState('')
  const client = useQueryClient()
  const [, navigate] = useLocation()
  const remove = useMutation({
    mutationFn: () => del(`/api/sessions/${session.sessionId}`),
    onSuccess: async () => {
      close()
      notifications.show({ message: `Session ${session.name} deleted` })
      await client.invalidateQueries({ queryKey: ['sessions'] })
      navigate('/sessions')
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
  })
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-red-4)' }}>
      <Group justify="space-between">
        <Text size="sm">Delete the session: it logs out of WhatsApp and its chats leave the dashboard.</Text>
        <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={open}>
          Delete session
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={`Delete ${session.name}?`}>
        <Stack>
          <Text size="sm">This cannot be undone. Type the session's name to confirm.</Text>
          <TextInput label="Session name" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" disabled={typed !== session.name} loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete for good
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  )
}
