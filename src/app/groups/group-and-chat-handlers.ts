import type { Provider } from '@nestjs/common'
import { ModifyChat, ModifyChatHandler } from '../chats/modify-chat.ts'
import { commandHandler, queryHandler } from '../cqrs.ts'
import { ChangeGroupParticipants, ChangeGroupParticipantsHandler } from './change-group-participants.ts'
import { GetGroup, GetGroupHandler } from './get-group.ts'
import { GetGroupInvite, GetGroupInviteHandler, RevokeGroupInvite, RevokeGroupInviteHandler } from './group-invites.ts'
import { JoinGroup, JoinGroupHandler, LeaveGroup, LeaveGroupHandler } from './group-membership.ts'
import { UpdateGroup, UpdateGroupHandler } from './update-group.ts'

/** The handlers of group administration and of chat state (issue 13, items 4 and 5). */
export const groupAndChatHandlers = (): Provider[] => [
  queryHandler(GetGroup, GetGroupHandler),
  commandHandler(ChangeGroupParticipants, ChangeGroupParticipantsHandler),
  commandHandler(UpdateGroup, UpdateGroupHandler),
  queryHandler(GetGroupInvite, GetGroupInviteHandler),
  commandHandler(RevokeGroupInvite, RevokeGroupInviteHandler),
  commandHandler(JoinGroup, JoinGroupHandler),
  commandHandler(LeaveGroup, LeaveGroupHandler),
  commandHandler(ModifyChat, ModifyChatHandler),
]
