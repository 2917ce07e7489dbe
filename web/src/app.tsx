import { Center, Loader } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useState } from 'react'
import { Redirect, Route, Switch } from 'wouter'
import { onUnauthorized } from './api/client.ts'
import { LiveContext, useMe, useSessions } from './api/hooks.ts'
import { LiveUpdates } from './api/socket.ts'
import { Layout } from './components/layout.tsx'
import { ErrorState } from './components/states.tsx'
import { LoginPage } from './pages/login.tsx'

const SessionsPage = lazy(() => import('./pages/sessions.tsx'))
const SessionPage = lazy(() => import('./pages/session-detail.tsx'))
const ChatsPage = lazy(() => import('./pages/chats.tsx'))
const GroupsPage = lazy(() => import('./pages/groups.tsx'))
const ContactsPage = lazy(() => import('./pages/contacts.tsx'))
const BroadcastPage = lazy(() => import('./pages/broadcast.tsx'))
const StickerPage = lazy(() => import('./pages/sticker.tsx'))
const StatusPage = lazy(() => import('./pages/status.tsx'))
const SchedulerPage = lazy(() => import('./pages/scheduler.tsx'))
const AutoRepliesPage = lazy(() => import('./pages/autoreplies.tsx'))
const WebhooksPage = lazy(() => import('./pages/webhooks.tsx'))
const WebhookPage = lazy(() => import('./pages/webhook-detail.tsx'))
const ApiKeyPage = lazy(() => import('./pages/api-key.tsx'))
const AuditPage = lazy(() => import('./pages/audit.tsx'))
const UsersPage = lazy(() => import('./pages/users.tsx'))
const AccountPage = lazy(() => import('./pages/account.tsx'))

function PageLoader() {
  return (
    <Center h={200} aria-busy="true">
      <Loader aria-label="Loading page" />
    </Center>
  )
}

/** Keeps one Socket.io connection while logged in, in the rooms of every visible session. */
function useLiveUpdates(enabled: boolean): LiveUpdates | null {
  const client = useQueryClient()
  const [live, setLive] = useState<LiveUpdates | null>(null)
  const { data: sessions } = useSessions()
  useEffect(() => {
    if (!enabled) return
    const updates = new LiveUpdates(client)
    setLive(updates)
    return () => {
      updates.close()
      setLive(null)
    }
  }, [enabled, client])
  useEffect(() => {
    if (live && sessions) live.join(sessions.map((s) => s.sessionId))
  }, [live, sessions])
  return live
}

export function App() {
  const client = useQueryClient()
  const me = useMe()
  useEffect(
    () =>
      onUnauthorized(() => {
        client.setQueryData(['me'], null)
      }),
    [client],
  )
  const live = useLiveUpdates(Boolean(me.data))

  if (me.isLoading) return <PageLoader />
  if (me.isError) return <ErrorState error={me.error} retry={() => void me.refetch()} />
  if (!me.data) return <LoginPage />

  return (
    <LiveContext.Provider value={live}>
      <Layout me={me.data}>
        <Suspense fallback={<PageLoader />}>
          <Switch>
            <Route path="/">
              <Redirect to="/sessions" replace />
            </Route>
            <Route path="/login">
              <Redirect to="/sessions" replace />
            </Route>
            <Route path="/sessions" component={SessionsPage} />
            <Route path="/sessions/:sessionId" component={SessionPage} />
            <Route path="/chats" component={ChatsPage} />
            <Route path="/chats/:jid" component={ChatsPage} />
            <Route path="/groups" component={GroupsPage} />
            <Route path="/contacts" component={ContactsPage} />
            <Route path="/broadcast" component={BroadcastPage} />
            <Route path="/sticker" component={StickerPage} />
            <Route path="/status" component={StatusPage} />
            <Route path="/scheduler" component={SchedulerPage} />
            <Route path="/autoreplies" component={AutoRepliesPage} />
            <Route path="/webhooks" component={WebhooksPage} />
            <Route path="/webhooks/:id" component={WebhookPage} />
            <Route path="/api-key" component={ApiKeyPage} />
            <Route path="/audit" component={AuditPage} />
            <Route path="/users" component={UsersPage} />
            <Route path="/account" component={AccountPage} />
            <Route>
              <ErrorState title="Page not found" error={new Error('There is no page at this address. Pick one from the menu.')} />
            </Route>
          </Switch>
        </Suspense>
      </Layout>
    </LiveContext.Provider>
  )
}
