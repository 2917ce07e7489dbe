import { Alert, Anchor, Badge, Button, Card, Code, Group, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import { del, describeError, get, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'
import { EmptyState, ErrorState, Loading } from '../components/states.tsx'

interface Rule {
  id: string
  keyword: string
  response: string
  matchType: 'EXACT' | 'CONTAINS' | 'REGEX'
}

export default function AutoRepliesPage() {
  return <Page title="Auto-replies">{<NeedSession>{(session) => <AutoReplies session={session} />}</NeedSession>}</Page>
}

function AutoReplies({ session }: { session: Session }) {
  const client = useQueryClient()
  const rules = useQuery({ queryKey: ['autoreplies', session.sessionId], queryFn: () => get<Rule[]>(`/api/autoreplies?sessionId=${encodeURIComponent(session.sessionId)}`) })
  const [keyword, setKeyword] = useState('')
  const [response, setResponse] = useState('')
  const [matchType, setMatchType] = useState<Rule['matchType']>('EXACT')
  const [refusal, setRefusal] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: () => post('/api/autoreplies', { sessionId: session.sessionId, keyword, response, matchType }),
    onSuccess: () => {
      setKeyword('')
      setResponse('')
      setRefusal(null)
      void client.invalidateQueries({ queryKey: ['autoreplies'] })
    },
    // A REGEX the gateway cannot run in linear time is refused with the reason: show it by the field.
    onError: (error) => setRefusal(describeError(error)),
  })
  const remove = useMutation({
    mutationFn: (id: string) => del(`/api/autoreplies/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['autoreplies'] }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
  })
  return (
    <Stack>
      {!session.config.autoReplyEnabled && (
        <Alert color="yellow">
          Auto-replies are off for {session.name}: turn them on in the session's{' '}
          <Anchor component={Link} href={`/sessions/${session.sessionId}`}>
            settings
          </Anchor>
          .
        </Alert>
      )}
      <Card withBorder>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            create.mutate()
          }}
        >
          <Stack gap="sm">
            <Title order={2} size="h4">
              New rule
            </Title>
            <SegmentedControl aria-label="Match type" data={['EXACT', 'CONTAINS', 'REGEX']} value={matchType} onChange={(v) => setMatchType(v as Rule['matchType'])} w="fit-content" />
            <TextInput
              label={matchType === 'REGEX' ? 'Pattern (RE2 syntax)' : 'Keyword'}
              description={matchType === 'REGEX' ? 'No backreferences or lookarounds; anchor with ^…$' : 'Case does not matter'}
              required
              value={keyword}
              onChange={(e) => setKeyword(e.currentTarget.value)}
              error={refusal}
            />
            <Textarea label="Reply" required autosize minRows={2} value={response} onChange={(e) => setResponse(e.currentTarget.value)} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                Add rule
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {rules.isLoading ? (
        <Loading label="Loading rules" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} retry={() => void rules.refetch()} />
      ) : rules.data!.length === 0 ? (
        <EmptyState title="No rules">Rules are tried in the order they were created; the first that matches answers.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Match</Table.Th>
                <Table.Th>Keyword</Table.Th>
                <Table.Th>Reply</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data!.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Badge variant="light">{r.matchType}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Code>{r.keyword}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {r.response}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" color="red" variant="light" onClick={() => remove.mutate(r.id)} aria-label={`Delete the rule ${r.keyword}`}>
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
