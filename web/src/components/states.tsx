import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { describeError } from '../api/client.ts'

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" aria-busy="true">
      <Loader size="sm" aria-label={label} />
    </Center>
  )
}

/** A failed load: what went wrong and what to do next, never a blank page. */
export function ErrorState({ error, retry, title = 'Something went wrong' }: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <Alert color="red" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert" m="md">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{describeError(error)}</Text>
        {retry && (
          <Button size="xs" variant="light" color="red" onClick={retry}>
            Retry
          </Button>
        )}
      </Stack>
    </Alert>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" c="dimmed">
      <IconInbox size={32} aria-hidden />
      <Text fw={600}>{title}</Text>
      {children && (
        <Text size="sm" ta="center" maw={420}>
          {children}
        </Text>
      )}
    </Stack>
  )
}
