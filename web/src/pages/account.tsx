import { Alert, Button, Card, Code, PasswordInput, Stack, Text, Title } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { describeError, post } from '../api/client.ts'
import { useMe } from '../api/hooks.ts'
import { Page } from '../components/page.tsx'

export default function AccountPage() {
  const me = useMe().data!
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const change = useMutation({
    mutationFn: () => post('/api/auth/password', { currentPassword: current, newPassword: next }),
    // Every login ends with the old password: log in again with the new one.
    onSuccess: () => setTimeout(() => window.location.assign('/'), 1500),
  })
  const mismatch = again.length > 0 && again !== next
  return (
    <Page title="Account">
      <Card withBorder>
        <Stack gap={4}>
          <Text>
            <b>{me.email}</b>
          </Text>
          <Text size="sm">
            Role <Code>{me.role}</Code>
            {me.role === 'STAFF' && <> · assigned sessions: {me.assignedSessionIds.join(', ') || 'none'}</>}
          </Text>
          <Text size="sm" c="dimmed">
            Member since {new Date(me.createdAt).toLocaleDateString()}
          </Text>
        </Stack>
      </Card>
      <Card withBorder maw={480}>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            if (!mismatch) change.mutate()
          }}
        >
          <Stack gap="sm">
            <Title order={2} size="h4">
              Change your password
            </Title>
            {me.passwordChangeSuggested && <Alert color="orange">You still use the password the gateway generated. Choose your own.</Alert>}
            {change.isSuccess && <Alert color="green">Password changed. Log in again with the new one…</Alert>}
            {change.isError && (
              <Alert color="red" role="alert">
                {describeError(change.error)}
              </Alert>
            )}
            <PasswordInput label="Current password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
            <PasswordInput label="New password" description="At least 8 characters" autoComplete="new-password" required minLength={8} value={next} onChange={(e) => setNext(e.currentTarget.value)} />
            <PasswordInput label="New password, again" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch ? 'The two new passwords differ' : undefined} />
            <Button type="submit" loading={change.isPending} disabled={mismatch || next.length < 8}>
              Change password
            </Button>
          </Stack>
        </form>
      </Card>
    </Page>
  )
}
