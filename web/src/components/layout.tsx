import { ActionIcon, Alert, Anchor, AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Text, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconAddressBook,
  IconApi,
  IconBook,
  IconBrandWhatsapp,
  IconChartLine,
  IconClock,
  IconDeviceMobile,
  IconHistory,
  IconKey,
  IconLogout,
  IconMessageCircle,
  IconMessageReply,
  IconSpeakerphone,
  IconSticker,
  IconCircleDashed,
  IconUser,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { post } from '../api/client.ts'
import { useLiveConnected, useSandbox } from '../api/hooks.ts'
import type { Me } from '../api/types.ts'
import { SessionPicker } from './session-picker.tsx'

const NAV = [
  { href: '/sessions', label: 'Sessions', icon: IconDeviceMobile },
  { href: '/chats', label: 'Chats', icon: IconMessageCircle },
  { href: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { href: '/groups', label: 'Groups', icon: IconUsersGroup },
  { href: '/broadcast', label: 'Broadcast', icon: IconSpeakerphone },
  { href: '/sticker', label: 'Sticker maker', icon: IconSticker },
  { href: '/status', label: 'Status', icon: IconCircleDashed },
  { href: '/scheduler', label: 'Scheduler', icon: IconClock },
  { href: '/autoreplies', label: 'Auto-replies', icon: IconMessageReply },
  { href: '/webhooks', label: 'Webhooks', icon: IconWebhook },
  { href: '/api-key', label: 'API key', icon: IconKey },
  { href: '/audit', label: 'Audit log', icon: IconHistory },
] as const

export function Layout({ me, children }: { me: Me; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure()
  const [location] = useLocation()
  const client = useQueryClient()
  const connected = useLiveConnected()
  const sandbox = useSandbox()

  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined)
    // A fresh page: no cached data of this user, no socket, nothing left behind.
    client.clear()
    window.location.assign('/')
  }
  const link = (href: string, label: string, Icon: typeof IconUser) => (
    <NavLink
      key={href}
      component={Link}
      href={href}
      label={label}
      leftSection={<Icon size={18} aria-hidden />}
      active={location === href || location.startsWith(`${href}/`)}
      onClick={close}
    />
  )

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close the menu' : 'Open the menu'} />
            <IconBrandWhatsapp size={26} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text fw={700} visibleFrom="xs">
              wa-gateway
            </Text>
            <Tooltip label={connected ? 'Live updates are on' : 'Live updates are reconnecting'}>
              <Badge size="xs" variant="dot" color={connected ? 'green' : 'gray'} data-testid="live-indicator">
                {connected ? 'live' : 'offline'}
              </Badge>
            </Tooltip>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SessionPicker />
            <Button variant="subtle" size="xs" onClick={() => void logout()} leftSection={<IconLogout size={16} aria-hidden />} visibleFrom="sm">
              Log out
            </Button>
            <ActionIcon variant="subtle" onClick={() => void logout()} aria-label="Log out" hiddenFrom="sm">
              <IconLogout size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.map((n) => link(n.href, n.label, n.icon))}
          {me.role === 'SUPERADMIN' && link('/users', 'Users', IconUsers)}
        </AppShell.Section>
        <AppShell.Section>
          {link('/account', me.email, IconUser)}
          <Group gap="xs" px="sm" py={6}>
            <Anchor href="/docs" target="_blank" size="sm">
              <Group gap={4}>
                <IconBook size={14} aria-hidden /> API docs
              </Group>
            </Anchor>
            <Anchor href="/metrics" target="_blank" size="sm">
              <Group gap={4}>
                <IconChartLine size={14} aria-hidden /> Metrics
              </Group>
            </Anchor>
          </Group>
          <Text size="xs" c="dimmed" px="sm">
            {me.role.toLowerCase()}
            {me.role === 'STAFF' ? ` · ${me.assignedSessionIds.length} assigned sessions` : ''}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {sandbox.data && (
          <Alert color="violet" variant="light" mb="md" py="xs" icon={<IconApi aria-hidden />} title="Sandbox mode" data-testid="sandbox-banner">
            No real WhatsApp here: scan QRs with the virtual phone, and write as a sandbox contact in Chats
            <Text span visibleFrom="sm" inherit>
              {' '}
              (<IconAddressBook size={14} aria-hidden /> {sandbox.data.contacts.map((c) => `${c.name ?? ''} +${c.pn}`).join(', ')})
            </Text>
            .
          </Alert>
        )}
        {me.passwordChangeSuggested && location !== '/account' && (
          <Alert color="orange" mb="md" title="Change the generated password">
            You are logged in with the password the gateway generated on its first start.{' '}
            <Anchor component={Link} href="/account">
              Choose your own now
            </Anchor>
            .
          </Alert>
        )}
        {children}
      </AppShell.Main>
    </AppShell>
  )
}
