import { Group, Stack, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="md" component="section" aria-labelledby="page-title">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2" id="page-title">
          {title}
        </Title>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  )
}
