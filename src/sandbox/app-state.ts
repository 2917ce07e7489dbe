/**
 * `w:sync:app:state`: app-state collections. The sandbox keeps no collection (each requested one is
 * answered empty and final, login-queries.ts), but it reads every patch a device sets (archive, pin,
 * mute, mark read, delete...) with the phone's app-state key and logs it (sandbox.api.appStatePatches).
 */
import { decodeSyncdPatch, getBinaryNodeChild, getBinaryNodeChildren, newLTHashState, proto } from '@whiskeysockets/baileys'
import type { Core, IqHandler } from './core.ts'
import { accountQueries, type AppStateMutation } from './account-queries.ts'
import { handleAppStateIq as answerAppStateIq } from './login-queries.ts'
import type { DeviceSession } from './hub.ts'

export const handleAppStateIq: IqHandler = async ctx => {
  const { core, node, session } = ctx
  if (node.attrs.type === 'set' && session) {
    for (const collection of getBinaryNodeChildren(getBinaryNodeChild(node, 'sync'), 'collection')) {
      for (const patch of getBinaryNodeChildren(collection, 'patch')) {
        if (!(patch.content instanceof Uint8Array)) continue
        const name = collection.attrs.name ?? ''
        accountQueries(core).appStatePatches.append({
          id: node.attrs.id ?? '',
          phone: session.phone.pn,
          device: session.device.id,
          collection: name,
          version: Number(collection.attrs.version ?? 0) + 1,
          mutations: await decodeMutations(core, session, name, patch.content),
          at: Date.now(),
        })
      }
    }
  }
  return answerAppStateIq(ctx)
}

async function decodeMutations(core: Core, session: DeviceSession, name: string, bytes: Uint8Array): Promise<AppStateMutation[]> {
  const key = session.phone.appStateKey
  if (!key) return []
  const mutations: AppStateMutation[] = []
  try {
    const patch = proto.SyncdPatch.decode(bytes)
    const operations = patch.mutations.map(m => (m.operation === proto.SyncdMutation.SyncdOperation.REMOVE ? 'remove' : 'set') as 'set' | 'remove')
    let i = 0
    await decodeSyncdPatch(
      patch,
      name as Parameters<typeof decodeSyncdPatch>[1],
      newLTHashState(),
      async id => (id === key.keyId.toString('base64') ? { keyData: key.keyData } : null) as never,
      ({ syncAction, index }) => {
        const value = syncAction.value ? (proto.SyncActionValue.toObject(syncAction.value as proto.SyncActionValue, { longs: Number, bytes: String, defaults: false }) as Record<string, unknown>) : null
        const action = value ? (Object.keys(value).find(k => k !== 'timestamp') ?? null) : null
        mutations.push({
          operation: operations[i++] ?? 'set',
          index,
          action,
          value: action && value && typeof value[action] === 'object' ? (value[action] as Record<string, unknown>) : null,
        })
      },
      false,
    )
  } catch (err) {
    core.logger.warn({ err, collection: name }, 'could not decode an app-state patch')
  }
  return mutations
}
