import type { Core } from '../core.ts'
import { badRequest, notFound } from '../errors.ts'
import { unlinkDevice } from '../login.ts'
import type { Facet } from './facet.ts'
import { requirePhone } from './lookups.ts'
import type { FaultTarget } from './types.ts'

/** The connections the sandbox holds, and the faults tests inject into them. */
export const faultsFacet: Facet<'connections' | 'faults'> = ({ core }) => {
  const { hub } = core
  const liveConnections = (target: FaultTarget) => {
    const { state, devices } = targets(core, target)
    return devices.flatMap(device => hub.live(state.pn, device.id) ?? [])
  }
  return {
    connections: () =>
      hub.all().map(conn => {
        const session = hub.sessionOf(conn)
        return {
          id: conn.id,
          ...(session ? { phone: session.phone.pn, deviceId: session.device.id } : {}),
          state: session ? 'logged-in' : conn.payload?.devicePairingData ? 'pairing' : 'handshake',
          silent: conn.silent,
        }
      }),
    faults: {
      dropSocket(target) {
        const conns = liveConnections(target)
        for (const conn of conns) conn.terminate()
        return conns.length
      },
      silence(target) {
        const conns = liveConnections(target)
        for (const conn of conns) conn.silent = true
        return conns.length
      },
      logout(target) {
        const { state, devices } = targets(core, target)
        for (const device of devices) unlinkDevice(core, { phone: state, device })
        return devices.length
      },
      rejectNextSend({ phone, code = '500', count = 1, delayMs = 0 }) {
        const state = requirePhone(core, phone)
        if (!/^\d{3}$/.test(String(code))) throw badRequest('code must be a 3-digit error code')
        if (!Number.isInteger(count) || count < 1 || count > 1000) throw badRequest('count must be an integer from 1 to 1000')
        if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) throw badRequest('delayMs must be an integer from 0 to 60000')
        const queue = core.faults.rejectSends.get(state.pn) ?? []
        queue.push(...Array.from({ length: count }, () => ({ code: String(code), delayMs })))
        core.faults.rejectSends.set(state.pn, queue)
      },
    },
  }
}

function targets(core: Core, { phone, deviceId }: FaultTarget) {
  const state = requirePhone(core, phone)
  if (deviceId !== undefined && !core.world.findDevice(state, deviceId)) throw notFound(`phone ${state.pn} has no device ${deviceId}`)
  return { state, devices: state.devices.filter(device => deviceId === undefined || device.id === deviceId) }
}
