import { Alert, Button, Card, Code, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { del, describeError, get, post } from '../api/client.ts'
import { SecretField } from '../components/copy-field.tsx'
import { Page } from '../components/page.tsx'
import { ErrorState, Loading } from '../components/states.tsx'

export default function ApiKeyPage() {
  const client = useQueryClient()
  const key = useQuery({ queryKey: ['api-key'], queryFn: () => get<{ apiKey: string | null }>('/api/user/api-key') })
  const [confirming, { open, close }] = useDisclosure(false)
  const rotate = useMutation({
    mutationFn: () => post<{ apiKey: string }>('/api/user/api-key'),
    onSuccess: (answer) => {
      client.setQueryData(['api-key'], answer)
      notifications.show({ color: 'green', message: 'New API key issued; the old one no longer works' })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'No new key', message: describeError(error) }),
  })
  const revoke = useMutation({
    mutationFn: () => del('/api/user/api-key'),
    onSuccess: () => {
      close()
      client.setQueryData(['api-key'], { apiKey: null })
      notifications.show({ message: 'API key revoked' })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: describeError(error) }),
  })
  if (key.isLoading) return <Loading label="Loading your API key" />
  if (key.isError) return <ErrorState error={key.error} retry={() => void key.refetch()} />
  const apiKey = key.data!.apiKey
  return (
    <Page title="API key">
      <Card withBorder>
        <Stack gap="sm">
          {apiKey ? (
            <>
              <Text size="sm">Send it as the X-API-Key header. It acts as you, with your role.</Text>
              <SecretField value={apiKey} label="API key" testId="api-key" />
              <Code block>{`curl ${location.origin}/api/sessions -H "X-API-Key: ${apiKey.slice(0, 8)}…"`}</Code>
            </>
          ) : (
            <Alert color="gray">You have no API key. Generate one to call the API from scripts.</Alert>
          )}
          <Group>
            <Button onClick={() => rotate.mutate()} loading={rotate.isPending}>
              {apiKey ? 'Rotate (new key, old one stops)' : 'Generate an API key'}
            </Button>
            {apiKey && (
              <Button color="red" variant="light" onClick={open}>
                Revoke
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
      <Modal opened={confirming} onClose={close} title="Revoke the API key?">
        <Stack>
          <Text size="sm">Scripts and sockets using it stop working at once.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
              Revoke
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  )
}
