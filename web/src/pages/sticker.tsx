import { Button, Card, FileInput, Group, Image, Stack, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { describeError, post } from '../api/client.ts'
import type { Session } from '../api/types.ts'
import { toJid } from '../components/chat/format.ts'
import { NeedSession } from '../components/need-session.tsx'
import { Page } from '../components/page.tsx'

export default function StickerPage() {
  return <Page title="Sticker maker">{<NeedSession>{(session) => <StickerMaker session={session} />}</NeedSession>}</Page>
}

function StickerMaker({ session }: { session: Session }) {
  const [file, setFile] = useState<File | null>(null)
  const [to, setTo] = useState('')
  const [packName, setPackName] = useState('')
  const [preview, setPreview] = useState<string | null>(null)
  useEffect(() => {
    if (!file) return setPreview(null)
    const url = URL.createObjectURL(file)
    setPreview(url)
    return () => URL.revokeObjectURL(url)
  }, [file])
  const send = useMutation({
    mutationFn: () => {
      const form = new FormData()
      form.set('sessionId', session.sessionId)
      form.set('jid', toJid(to) ?? to)
      if (packName) form.set('packName', packName)
      form.set('file', file!)
      return post('/api/messages/sticker', form)
    },
    onSuccess: () => notifications.show({ color: 'green', message: 'Sticker sent' }),
    onError: (error) => notifications.show({ color: 'red', title: 'Sticker not sent', message: describeError(error) }),
  })
  return (
    <Card withBorder maw={640}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          send.mutate()
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Turn an image into a sticker and send it
          </Title>
          <FileInput label="Image" description="PNG, JPG or WEBP; it becomes a 512×512 WEBP sticker" accept="image/png,image/jpeg,image/webp" value={file} onChange={setFile} required clearable />
          {preview && (
            <Group>
              <Image src={preview} alt="Sticker preview" w={160} h={160} fit="contain" radius="md" bg="var(--mantine-color-gray-light)" />
              <Text size="xs" c="dimmed">
                Preview (the gateway fits it into a square with a transparent border)
              </Text>
            </Group>
          )}
          <TextInput label="To" description="Phone number or JID" required value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <TextInput label="Pack name (optional)" value={packName} onChange={(e) => setPackName(e.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={send.isPending} disabled={!file || !to.trim()}>
              Send sticker
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
