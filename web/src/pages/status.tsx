import { Button, Card, ColorInput, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { describeError, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'

const FONTS = ['Sans serif', 'Serif', 'Norican', 'Bryndan', 'Bebas', 'Futura'].map((label, i) => ({ value: String(i), label }))

export default function StatusPage() {
  return <Page title="Status">{<NeedSession>{(session) => <PostStatus session={session} />}</NeedSession>}</Page>
}

function PostStatus({ session }: { session: Session }) {
  const [type, setType] = useState('TEXT')
  const [content, setContent] = useState('')
  const [color, setColor] = useState('#1e90ff')
  const [font, setFont] = useState('0')
  const [mediaUrl, setMediaUrl] = useState('')
  const postStatus = useMutation({
    mutationFn: () =>
      post('/api/status/update', {
        sessionId: session.sessionId,
        type,
        content,
        ...(type === 'TEXT' ? { backgroundColor: `0xff${color.replace('#', '')}`, font: Number(font) } : { mediaUrl }),
      }),
    onSuccess: () => {
      setContent('')
      notifications.show({ color: 'green', message: "Status posted to the session's contacts" })
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Status not posted', message: describeError(error) }),
  })
  return (
    <Card withBorder maw={640}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          postStatus.mutate()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Post a status from {session.name}
          </Title>
          <SegmentedControl aria-label="Status kind" data={[{ value: 'TEXT', label: 'Text' }, { value: 'IMAGE', label: 'Image' }, { value: 'VIDEO', label: 'Video' }]} value={type} onChange={setType} />
          <Textarea label={type === 'TEXT' ? 'Text' : 'Caption'} required={type === 'TEXT'} autosize minRows={2} value={content} onChange={(e) => setContent(e.currentTarget.value)} />
          {type === 'TEXT' ? (
            <>
              <Group grow>
                <ColorInput label="Background" value={color} onChange={setColor} format="hex" />
                <Select label="Font" data={FONTS} value={font} onChange={(v) => v && setFont(v)} allowDeselect={false} />
              </Group>
              <Paper p="lg" radius="md" style={{ background: color, color: 'white', textAlign: 'center', fontFamily: Number(font) === 1 ? 'serif' : 'sans-serif' }} aria-label="Preview">
                <Text fw={600} size="lg" style={{ textShadow: '0 1px 2px rgba(0,0,0,.6)' }}>
                  {content || 'Preview'}
                </Text>
              </Paper>
            </>
          ) : (
            <TextInput label={`${type === 'IMAGE' ? 'Image' : 'Video'} URL`} type="url" required value={mediaUrl} onChange={(e) => setMediaUrl(e.currentTarget.value)} placeholder="https://example.com/photo.jpg" />
          )}
          <Group>
            <Button type="submit" loading={postStatus.isPending}>
              Post status
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
