/**
 * Login of an already linked companion: check it is a device we linked (by its Noise static key),
 * answer `<success>`, replay what arrived while it was away, and say so with `<ib><offline/>`.
 */
import { FAILURE_LOGGED_OUT, STREAM_ERROR, TAG } from './constants.ts'
import type { Connection } from './connection.ts'
import type { Core } from './core.ts'
import { randomInt } from 'node:crypto'
import { lidJid, pnJid } from './jid.ts'
import type { DeviceSession } from './hub.ts'
import type { PhoneState } from './model.ts'

export function login(core: Core, conn: Connection): DeviceSession | undefined {
  const payload = conn.payload
  const username = payload?.username != null ? String(payload.username) : ''
  const deviceId = payload?.device ?? 0
  const phone = username ? core.world.findPhone(username) : undefined
  const device = phone ? core.world.findDevice(phone, deviceId) : undefined
  if (!phone || !device || !conn.clientStaticKey || !device.noiseKey.equals(conn.clientStaticKey)) {
    core.logger.info({ conn: conn.id, username, deviceId }, 'login refused: unknown or unlinked device')
    conn.send({ tag: TAG.failure, attrs: { reason: FAILURE_LOGGED_OUT, location: 'sandbox' } })
    conn.close()
    return undefined
  }
  const session = { phone, device }
  const replaced = core.hub.bind(conn, session)
  if (replaced?.isOpen) {
    // Another connection of the same device: WhatsApp keeps the newest and kicks the old one.
    replaced.send({ tag: TAG.streamError, attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] })
    replaced.close()
  }
  device.lastLoginAt = Date.now()
  core.world.save(phone)
  conn.send({
    tag: TAG.success,
    attrs: {
      t: String(Math.floor(Date.now() / 1000)),
      lid: lidJid(phone.lid, device.id),
      display_name: phone.name,
      creation: String(Math.floor(device.pairedAt / 1000)),
      location: 'sandbox',
      props: '0',
      abprops: '0',
    },
  })
  const offline = core.hub.flushPending(conn, session)
  conn.send({ tag: TAG.ib, attrs: { from: 's.whatsapp.net' }, content: [{ tag: 'offline', attrs: { count: String(offline) } }] })
  core.logger.info({ conn: conn.id, phone: phone.pn, device: device.id, offline }, 'device logged in')
  return session
}

/**
 * A phone's device list changed: connected clients drop what they cached about its devices
 * (`<notification type="devices"><update/>`) and ask usync again before their next send to it.
 * Clients that are offline start with an empty cache anyway.
 */
export function announceDeviceChange(core: Core, phone: PhoneState): void {
  const notification = {
    tag: TAG.notification,
    attrs: { from: pnJid(phone.pn), type: 'devices', id: String(randomInt(1, 2 ** 31)), t: String(Math.floor(Date.now() / 1000)) },
    content: [
      {
        tag: 'update',
        attrs: { hash: String(randomInt(1, 2 ** 31)) },
        content: [
          { tag: 'device', attrs: { jid: pnJid(phone.pn) } },
          { tag: 'device', attrs: { jid: lidJid(phone.lid) } },
        ],
      },
    ],
  }
  for (const conn of core.hub.all()) {
    if (conn.isOpen && !conn.silent && core.hub.sessionOf(conn)) conn.send(notification)
  }
}

/** Server-side unlink: the live connection gets a 401 stream error (Baileys: loggedOut). */
export function unlinkDevice(core: Core, session: DeviceSession): void {
  const conn = core.hub.live(session.phone.pn, session.device.id)
  core.world.removeDevice(session.phone, session.device.id)
  announceDeviceChange(core, session.phone)
  if (conn) {
    conn.send({ tag: TAG.streamError, attrs: { code: STREAM_ERROR.loggedOut }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] })
    conn.close()
    core.hub.unbind(conn)
  }
}
