import 'reflect-metadata'
import { Module, type Provider } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs'
import { APP_DEPS, type AppDeps } from './app-deps.ts'
import { commandHandler, queryHandler } from './cqrs.ts'
import { ControlSession, ControlSessionHandler } from './sessions/control-session.ts'
import { CreateSession, CreateSessionHandler } from './sessions/create-session.ts'
import { DeleteSession, DeleteSessionHandler } from './sessions/delete-session.ts'
import { GetSession, GetSessionHandler, ListSessions, ListSessionsHandler } from './sessions/list-sessions.ts'
import { UpdateSessionSettings, UpdateSessionSettingsHandler } from './sessions/update-session-settings.ts'
import { ListAudit, ListAuditHandler } from './audit/list-audit.ts'
import { ListParkedEvents, ListParkedEventsHandler, RetryParkedEvent, RetryParkedEventHandler } from './admin/parked-events.ts'
import { ListMessages, ListMessagesHandler } from './messaging/list-messages.ts'
import { ListChats, ListChatsHandler } from './messaging/list-chats.ts'
import { CreateGroup, CreateGroupHandler, ListGroups, ListGroupsHandler } from './messaging/groups.ts'
import { groupAndChatHandlers } from './groups/group-and-chat-handlers.ts'
import { contactAndProfileHandlers } from './contacts/contact-and-profile-handlers.ts'
import { messageActionHandlers } from './message/message-action-handlers.ts'
import { PostStatus, PostStatusHandler } from './messaging/post-status.ts'
import { CancelSchedule, CancelScheduleHandler, CreateSchedule, CreateScheduleHandler, ListSchedules, ListSchedulesHandler } from './scheduler/schedules.ts'
import { SendSticker, SendStickerHandler } from './messaging/send-sticker.ts'
import { RepeatedSend, RepeatedSendHandler } from './messaging/repeated-send.ts'
import { CancelBroadcast, CancelBroadcastHandler, GetBroadcast, GetBroadcastHandler, StartBroadcast, StartBroadcastHandler } from './messaging/broadcasts.ts'
import { SendMessage, SendMessageHandler } from './messaging/send-message.ts'
import { GetMediaFile, GetMediaFileHandler } from './messaging/get-media-file.ts'
import { CreateAutoReply, CreateAutoReplyHandler } from './autoreplies/create-auto-reply.ts'
import { DeleteAutoReply, DeleteAutoReplyHandler } from './autoreplies/delete-auto-reply.ts'
import { ListAutoReplies, ListAutoRepliesHandler } from './autoreplies/list-auto-replies.ts'
import { GetApiKey, GetApiKeyHandler, IssueApiKey, IssueApiKeyHandler, RevokeApiKey, RevokeApiKeyHandler } from './identity/api-keys.ts'
import { GetMe, GetMeHandler, ListUsers, ListUsersHandler } from './identity/list-users.ts'
import { Login, LoginHandler, Logout, LogoutHandler } from './identity/login.ts'
import { RegisterUser, RegisterUserHandler } from './identity/register-user.ts'
import { UpdateUser, UpdateUserHandler } from './identity/update-user.ts'
import { ChangeOwnPassword, ChangeOwnPasswordHandler } from './identity/change-own-password.ts'
import { CreateWebhook, CreateWebhookHandler } from './webhooks/create-webhook.ts'
import { DeleteWebhook, DeleteWebhookHandler } from './webhooks/delete-webhook.ts'
import { GetWebhookDelivery, GetWebhookDeliveryHandler, ListWebhookDeliveries, ListWebhookDeliveriesHandler } from './webhooks/list-deliveries.ts'
import { GetWebhook, GetWebhookHandler, ListWebhooks, ListWebhooksHandler } from './webhooks/list-webhooks.ts'
import { RedeliverWebhookDelivery, RedeliverWebhookDeliveryHandler } from './webhooks/redeliver.ts'
import { GetWebhookReplay, GetWebhookReplayHandler, ReplayWebhook, ReplayWebhookHandler } from './webhooks/replay-webhook.ts'
import { UpdateWebhook, UpdateWebhookHandler } from './webhooks/update-webhook.ts'

/** Every command and query handler of the application. */
const handlers = (): Provider[] => [
  commandHandler(CreateSession, CreateSessionHandler),
  commandHandler(ControlSession, ControlSessionHandler),
  commandHandler(UpdateSessionSettings, UpdateSessionSettingsHandler),
  commandHandler(DeleteSession, DeleteSessionHandler),
  queryHandler(ListSessions, ListSessionsHandler),
  queryHandler(GetSession, GetSessionHandler),
  commandHandler(RegisterUser, RegisterUserHandler),
  commandHandler(UpdateUser, UpdateUserHandler),
  commandHandler(ChangeOwnPassword, ChangeOwnPasswordHandler),
  commandHandler(IssueApiKey, IssueApiKeyHandler),
  commandHandler(RevokeApiKey, RevokeApiKeyHandler),
  commandHandler(Login, LoginHandler),
  commandHandler(Logout, LogoutHandler),
  queryHandler(GetApiKey, GetApiKeyHandler),
  queryHandler(ListUsers, ListUsersHandler),
  queryHandler(GetMe, GetMeHandler),
  queryHandler(ListAudit, ListAuditHandler),
  queryHandler(ListParkedEvents, ListParkedEventsHandler),
  commandHandler(RetryParkedEvent, RetryParkedEventHandler),
  commandHandler(SendMessage, SendMessageHandler),
  queryHandler(ListMessages, ListMessagesHandler),
  queryHandler(ListChats, ListChatsHandler),
  queryHandler(GetMediaFile, GetMediaFileHandler),
  queryHandler(ListGroups, ListGroupsHandler),
  commandHandler(CreateGroup, CreateGroupHandler),
  commandHandler(StartBroadcast, StartBroadcastHandler),
  commandHandler(CancelBroadcast, CancelBroadcastHandler),
  queryHandler(GetBroadcast, GetBroadcastHandler),
  commandHandler(PostStatus, PostStatusHandler),
  commandHandler(SendSticker, SendStickerHandler),
  commandHandler(RepeatedSend, RepeatedSendHandler),
  commandHandler(CreateSchedule, CreateScheduleHandler),
  commandHandler(CancelSchedule, CancelScheduleHandler),
  queryHandler(ListSchedules, ListSchedulesHandler),
  commandHandler(CreateAutoReply, CreateAutoReplyHandler),
  commandHandler(DeleteAutoReply, DeleteAutoReplyHandler),
  queryHandler(ListAutoReplies, ListAutoRepliesHandler),
  ...webhookHandlers(),
  ...messageActionHandlers(),
  ...contactAndProfileHandlers(),
  ...groupAndChatHandlers(),
]

const webhookHandlers = (): Provider[] => [
  commandHandler(CreateWebhook, CreateWebhookHandler),
  commandHandler(UpdateWebhook, UpdateWebhookHandler),
  commandHandler(DeleteWebhook, DeleteWebhookHandler),
  commandHandler(RedeliverWebhookDelivery, RedeliverWebhookDeliveryHandler),
  commandHandler(ReplayWebhook, ReplayWebhookHandler),
  queryHandler(ListWebhooks, ListWebhooksHandler),
  queryHandler(GetWebhook, GetWebhookHandler),
  queryHandler(ListWebhookDeliveries, ListWebhookDeliveriesHandler),
  queryHandler(GetWebhookDelivery, GetWebhookDeliveryHandler),
  queryHandler(GetWebhookReplay, GetWebhookReplayHandler),
]

export interface AppContext {
  readonly commands: CommandBus
  readonly queries: QueryBus
  close(): Promise<void>
}

/** The application layer: @nestjs/cqrs command and query buses in a Nest standalone context (no Nest HTTP). */
export async function createAppContext(deps: AppDeps): Promise<AppContext> {
  class AppModule {}
  Module({ imports: [CqrsModule.forRoot()], providers: [{ provide: APP_DEPS, useValue: deps }, ...handlers()] })(AppModule)
  const context = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false })
  await context.init()
  return { commands: context.get(CommandBus), queries: context.get(QueryBus), close: () => context.close() }
}
