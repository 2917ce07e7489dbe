/**
 * The primary device's first messages to a new companion: the app-state sync key (without it,
 * Baileys refuses every app-state patch: archive, pin, mark read...), then an INITIAL_BOOTSTRAP
 * history-sync notification with the (empty) history inline. Baileys waits up to ~20 s for the
 * latter after its first login; on receiving it, it syncs app state (answered empty) and goes
 * online. The payload also carries the PN->LID map of every virtual user, as the real phone does.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { proto } from '@whiskeysockets/baileys'
import type { Core } from './core.ts'
import type { DeviceSession } from './hub.ts'
import { lidJid, pnJid } from './jid.ts'
import { sendFromUser } from './virtual-contact.ts'

export async function sendInitialHistorySync(core: Core, { phone, device }: DeviceSession): Promise<void> {
  if (!phone.appStateKey) {
    phone.appStateKey = { keyId: randomBytes(6), keyData: randomBytes(32), timestamp: Date.now() }
    core.world.save(phone)
  }
  const { keyId, keyData, timestamp } = phone.appStateKey
  await sendFromUser(core, {
    from: phone,
    to: phone,
    deviceId: device.id,
    category: 'peer',
    record: false,
    addressing: 'pn',
    message: {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
        appStateSyncKeyShare: {
          keys: [
            {
              keyId: { keyId },
              keyData: {
                keyData,
                fingerprint: { rawId: randomInt(1, 2 ** 31), currentIndex: 0, deviceIndexes: [0, device.id] },
                timestamp,
              },
            },
          ],
        },
      },
    },
  })
  const users = [...core.world.phones(), ...core.world.contacts()]
  const history = proto.HistorySync.encode({
    syncType: proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP,
    conversations: [],
    progress: 100,
    phoneNumberToLidMappings: users.map(user => ({ pnJid: pnJid(user.pn), lidJid: lidJid(user.lid) })),
  }).finish()
  await sendFromUser(core, {
    from: phone,
    to: phone,
    deviceId: device.id,
    category: 'peer',
    record: false,
    addressing: 'pn',
    message: {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
        historySyncNotification: {
          syncType: proto.Message.HistorySyncType.INITIAL_BOOTSTRAP,
          initialHistBootstrapInlinePayload: deflateSync(history),
          chunkOrder: 0,
          progress: 100,
        },
      },
    },
  })
  core.logger.debug({ phone: phone.pn, device: device.id }, 'history-sync notification sent')
}
