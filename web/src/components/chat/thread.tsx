import { Box, Center, Loader, Text } from '@mantine/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { get } from '../../api/client.ts'
import type { Message } from '../../api/types.ts'
import { EmptyState, ErrorState } from '../states.tsx'
import { MessageBubble } from './message-bubble.tsx'

const PAGE = 50

/**
 * A chat's messages, newest at the bottom, virtualized (only the rows in view are in the DOM), paging
 * older ones with `before` as the reader scrolls up. New messages arrive live (the socket marks the
 * query stale) and keep the view at the bottom when the reader was there.
 */
export function Thread({
  sessionId,
  jid,
  onReply,
  onReact,
  onEdit,
  onRevoke,
}: {
  sessionId: string
  jid: string
  onReply: (m: Message) => void
  onReact: (m: Message, emoji: string) => void
  onEdit: (m: Message) => void
  onRevoke: (m: Message) => void
}) {
  const query = useInfiniteQuery({
    queryKey: ['messages', sessionId, jid],
    queryFn: ({ pageParam, signal }) =>
      get<Message[]>(`/api/chat/${encodeURIComponent(sessionId)}/${encodeURIComponent(jid)}?limit=${PAGE}${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`, signal),
    initialPageParam: '',
    getNextPageParam: (page) => (page.length === PAGE ? page[0]!.id : undefined),
  })
  const messages = useMemo(() => (query.data ? [...query.data.pages].reverse().flat() : []), [query.data])
  const byKey = useMemo(() => new Map(messages.map((m) => [m.keyId, m])), [messages])
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const firstId = useRef<string | undefined>(undefined)
  const lastId = useRef<string | undefined>(undefined)

  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
    getItemKey: (index) => messages[index]!.id,
  })

  // Older messages were prepended: keep the reader where they were. New ones appended: follow if at the bottom.
  useLayoutEffect(() => {
    if (messages.length === 0) return
    const previousFirst = firstId.current
    const previousLast = lastId.current
    firstId.current = messages[0]!.id
    lastId.current = messages.at(-1)!.id
    const appended = previousLast === undefined || previousLast !== lastId.current
    if (!appended && previousFirst && previousFirst !== firstId.current) {
      const index = messages.findIndex((m) => m.id === previousFirst)
      if (index > 0) virtualizer.scrollToIndex(index, { align: 'start' })
    } else if (appended && atBottom.current) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' })
      // Rows are measured after they render: settle at the true bottom once they are.
      requestAnimationFrame(() => {
        const el = scroller.current
        if (el && atBottom.current) el.scrollTop = el.scrollHeight
      })
    }
  }, [messages, virtualizer])

  useEffect(() => {
    atBottom.current = true
    firstId.current = undefined
    lastId.current = undefined
  }, [jid])

  const onScroll = () => {
    const el = scroller.current
    if (!el) return
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 160
    if (el.scrollTop < 300 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage()
  }

  if (query.isLoading)
    return (
      <Center flex={1} aria-busy="true">
        <Loader size="sm" aria-label="Loading messages" />
      </Center>
    )
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />
  if (messages.length === 0) return <EmptyState title="No messages yet">Write the first one below.</EmptyState>

  return (
    <Box ref={scroller} onScroll={onScroll} style={{ flex: 1, overflowY: 'auto', minHeight: 0 }} data-testid="thread" role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
      {query.isFetchingNextPage && (
        <Text size="xs" c="dimmed" ta="center" py={4}>
          Loading older messages…
        </Text>
      )}
      {!query.hasNextPage && (
        <Text size="xs" c="dimmed" ta="center" py={4}>
          Beginning of the chat
        </Text>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = messages[item.index]!
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
              <MessageBubble message={message} quoted={message.quoteId ? byKey.get(message.quoteId) : undefined} onReply={() => onReply(message)} onReact={(emoji) => onReact(message, emoji)} onEdit={() => onEdit(message)} onRevoke={() => onRevoke(message)} />
            </div>
          )
        })}
      </div>
    </Box>
  )
}
