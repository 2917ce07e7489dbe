import { ActionIcon, Button, Checkbox, CloseButton, FileButton, Group, Menu, NumberInput, Paper, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAddressBook, IconChartBar, IconMapPin, IconPaperclip, IconPhoto, IconSend, IconUpload } from '@tabler/icons-react'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { describeError, post } from '../../api/client.ts'
import type { Message } from '../../api/types.ts'

type Mode = 'text' | 'media' | 'location' | 'contact' | 'poll'
/** The gateway's bound on uploads (POST /api/chat/send-media). */
const UPLOAD_MAX_BYTES = 700 * 1024
const kindOf = (mimetype: string) => (/^(image|video|audio)\//.test(mimetype) ? mimetype.split('/')[0]! : 'document')
const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const

/** Writes to a chat: text, media by URL, a location or a contact card, optionally as a reply. */
export function Composer({ sessionId, jid, replyTo, clearReply }: { sessionId: string; jid: string; replyTo: Message | null; clearReply: () => void }) {
  const [mode, setMode] = useState<Mode>('text')
  const [text, setText] = useState('')
  const [kind, setKind] = useState<(typeof MEDIA_KINDS)[number]>('image')
  const [url, setUrl] = useState('')
  const [lat, setLat] = useState<number | string>('')
  const [lng, setLng] = useState<number | string>('')
  const [contactName, setContactName] = useState('')
  const [contactPhone, setContactPhone] = useState('')
  const [pollOptions, setPollOptions] = useState<string[]>([])
  const [pollMultiple, setPollMultiple] = useState(false)

  const send = useMutation({
    mutationFn: (message: Record<string, unknown>) =>
      post('/api/chat/send', { sessionId, jid, message: replyTo ? { ...message, quoted: replyTo.keyId } : message }),
    onSuccess: () => {
      setText('')
      setUrl('')
      setPollOptions([])
      setPollMultiple(false)
      setMode('text')
      clearReply()
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not sent', message: describeError(error) }),
  })

  const upload = useMutation({
    mutationFn: (file: File) => {
      if (file.size > UPLOAD_MAX_BYTES) throw new Error(`${file.name} is ${Math.round(file.size / 1024)} KB; uploads take up to 700 KB: send larger media by URL`)
      const form = new FormData()
      form.set('sessionId', sessionId)
      form.set('jid', jid)
      form.set('kind', kindOf(file.type))
      if (text.trim()) form.set('caption', text)
      if (replyTo) form.set('quoted', replyTo.keyId)
      form.set('file', file)
      return post('/api/chat/send-media', form)
    },
    onSuccess: () => {
      setText('')
      clearReply()
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not sent', message: describeError(error) }),
  })

  const message = (): Record<string, unknown> | null => {
    switch (mode) {
      case 'text':
        return text.trim() ? { text } : null
      case 'media':
        return url.trim() ? { [kind]: { url: url.trim() }, ...(text.trim() && kind !== 'sticker' && kind !== 'audio' ? { caption: text } : {}) } : null
      case 'location':
        return lat !== '' && lng !== '' ? { location: { degreesLatitude: Number(lat), degreesLongitude: Number(lng), ...(text.trim() ? { name: text } : {}) } } : null
      case 'contact':
        return contactName.trim() && contactPhone.trim() ? { contact: { fullName: contactName.trim(), phoneNumber: contactPhone.trim() } } : null
      case 'poll':
        // WhatsApp takes 2 to 12 distinct options; "several answers" lets a voter choose any number (0).
        return text.trim() && pollOptions.length >= 2 && pollOptions.length <= 12 ? { poll: { name: text.trim(), values: pollOptions, selectableCount: pollMultiple ? 0 : 1 } } : null
    }
  }
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const m = message()
    if (m) send.mutate(m)
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      submit()
    }
  }

  return (
    <Paper withBorder p="xs" radius="md" component="form" onSubmit={submit} aria-label="Write a message">
      <Stack gap={6}>
        {replyTo && (
          <Group justify="space-between" wrap="nowrap" bg="var(--mantine-color-gray-light)" px="xs" style={{ borderRadius: 6 }}>
            <Text size="xs" truncate>
              Replying to: {replyTo.content ?? replyTo.type.toLowerCase()}
            </Text>
            <CloseButton size="sm" onClick={clearReply} aria-label="Cancel the reply" />
          </Group>
        )}
        {mode === 'media' && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select label="Kind" size="xs" w={120} data={MEDIA_KINDS.map((k) => ({ value: k, label: k }))} value={kind} onChange={(v) => v && setKind(v as typeof kind)} allowDeselect={false} />
            <TextInput label="Media URL" size="xs" placeholder="https://example.com/photo.jpg" value={url} onChange={(e) => setUrl(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} type="url" required />
            <CloseButton aria-label="Back to text" onClick={() => setMode('text')} />
          </Group>
        )}
        {mode === 'location' && (
          <Group gap="xs" align="flex-end">
            <NumberInput label="Latitude" size="xs" w={130} min={-90} max={90} decimalScale={6} value={lat} onChange={setLat} required />
            <NumberInput label="Longitude" size="xs" w={130} min={-180} max={180} decimalScale={6} value={lng} onChange={setLng} required />
            <CloseButton aria-label="Back to text" onClick={() => setMode('text')} />
          </Group>
        )}
        {mode === 'contact' && (
          <Group gap="xs" align="flex-end">
            <TextInput label="Contact name" size="xs" value={contactName} onChange={(e) => setContactName(e.currentTarget.value)} required />
            <TextInput label="Phone number" size="xs" placeholder="6281234567890" value={contactPhone} onChange={(e) => setContactPhone(e.currentTarget.value)} required />
            <CloseButton aria-label="Back to text" onClick={() => setMode('text')} />
          </Group>
        )}
        {mode === 'poll' && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TagsInput label="Poll options" description="2 to 12; Enter after each" size="xs" value={pollOptions} onChange={setPollOptions} maxTags={12} style={{ flex: 1, minWidth: 220 }} />
            <Checkbox label="Several answers" size="xs" checked={pollMultiple} onChange={(e) => setPollMultiple(e.currentTarget.checked)} mb={6} />
            <CloseButton aria-label="Back to text" onClick={() => setMode('text')} />
          </Group>
        )}
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <Menu position="top-start">
            <Menu.Target>
              <ActionIcon variant="subtle" size="lg" aria-label="Attach media, a location, a contact or a poll">
                <IconPaperclip size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPhoto size={14} aria-hidden />} onClick={() => setMode('media')}>
                Media by URL
              </Menu.Item>
              <Menu.Item leftSection={<IconMapPin size={14} aria-hidden />} onClick={() => setMode('location')}>
                Location
              </Menu.Item>
              <Menu.Item leftSection={<IconAddressBook size={14} aria-hidden />} onClick={() => setMode('contact')}>
                Contact card
              </Menu.Item>
              <Menu.Item leftSection={<IconChartBar size={14} aria-hidden />} onClick={() => setMode('poll')}>
                Create poll
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <FileButton onChange={(file) => file && upload.mutate(file)} accept="image/*,video/*,audio/*,application/pdf,application/zip,text/plain,.doc,.docx,.xls,.xlsx">
            {(props) => (
              <ActionIcon {...props} variant="subtle" size="lg" aria-label="Upload a file (the text box is its caption)" loading={upload.isPending}>
                <IconUpload size={18} aria-hidden />
              </ActionIcon>
            )}
          </FileButton>
          {mode !== 'contact' && (
            <Textarea
              aria-label={mode === 'text' ? 'Message' : mode === 'location' ? 'Place name' : mode === 'poll' ? 'Poll question' : 'Caption'}
              title="Enter sends, Shift+Enter starts a new line"
              placeholder={mode === 'text' ? 'Message' : mode === 'location' ? 'Place name (optional)' : mode === 'poll' ? 'Poll question' : 'Caption (optional)'}
              autosize
              minRows={1}
              maxRows={6}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={onKey}
              style={{ flex: 1 }}
            />
          )}
          <Button type="submit" aria-label="Send" loading={send.isPending || upload.isPending} leftSection={<IconSend size={16} aria-hidden />} disabled={!message()} ml={mode === 'contact' ? 'auto' : undefined} px="sm">
            <Text span inherit visibleFrom="xs">
              Send
            </Text>
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
