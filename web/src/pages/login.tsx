import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconBrandWhatsapp } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ApiError, describeError, post } from '../api/client.ts'

export function LoginPage() {
  const client = useQueryClient()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await post('/api/auth/login', { email, password })
      await client.invalidateQueries({ queryKey: ['me'] })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
          <Stack>
            <Stack gap={4} align="center">
              <IconBrandWhatsapp size={40} color="var(--mantine-color-teal-6)" aria-hidden />
              <Title order={1} size="h3" id="login-title">
                Log in to wa-gateway
              </Title>
            </Stack>
            {error !== null && (
              <Alert color="red" role="alert">
                {error instanceof ApiError && error.status === 401 ? 'Wrong e-mail or password: check both and try again.' : describeError(error)}
              </Alert>
            )}
            <TextInput label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoFocus />
            <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            <Button type="submit" loading={busy} fullWidth>
              Log in
            </Button>
            <Text size="xs" c="dimmed">
              First start? The gateway created <code>admin@localhost</code> and printed its password once in its log (or used ADMIN_EMAIL and
              ADMIN_PASSWORD).
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  )
}
