/**
 * The shared context every protocol module works with: the world, the switchboard, options,
 * injected faults and the iq handler registry (the seam where media, groups, status plug in).
 */
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { Connection } from './connection.ts'
import type { DeviceSession, Hub } from './hub.ts'
import type { IqReply } from './iq.ts'
import type { World } from './world.ts'

/**
 * How a virtual contact addresses a 1:1 message: from its phone number (with its LID attached), from
 * its LID with the phone number attached (what WhatsApp does today, the default), or from its LID
 * alone (WhatsApp withholding the number).
 */
export type Addressing = 'pn' | 'lid' | 'lid-only'
export const ADDRESSINGS: readonly Addressing[] = ['pn', 'lid', 'lid-only']

export type CoreOptions = {
  /** QR refs handed to a new client (Baileys shows one per 60 s, then 20 s, then gives up). */
  qrRefCount: number
  /** Answer usync/key queries for unknown phone numbers by creating a contact on the fly. */
  autoCreateContacts: boolean
  /** Send the initial history-sync notification so Baileys does not wait ~20 s for it. */
  historySync: boolean
  /** How virtual contacts address their 1:1 messages by default. */
  defaultAddressing: Addressing
}

export type IqContext = {
  core: Core
  conn: Connection
  node: BinaryNode
  /** The linked device the connection is logged in as (undefined while pairing). */
  session: DeviceSession | undefined
}

export type IqHandler = (ctx: IqContext) => IqReply | Promise<IqReply>

/** A client waiting to be linked: the refs it was given and what it registered. */
export type Pairing = {
  conn: Connection
  refs: string[]
  registration: {
    registrationId: number
    identityKey: Buffer
    signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer }
    platform: string
  }
}

/** An armed rejected-send fault: the error code of the ack, and how long to hold the ack back. */
export type SendRejection = { code: string; delayMs: number }

export type Faults = {
  /** Rejections for the next sends of a phone (PN digits), consumed one per message. */
  rejectSends: Map<string, SendRejection[]>
}

export type Core = {
  world: World
  hub: Hub
  logger: Logger
  options: CoreOptions
  faults: Faults
  pairings: Map<string, Pairing>
  iqHandlers: Map<string, IqHandler>
  /** Runs `task` after every earlier task with the same key (keeps Signal encryption in send order). */
  serialize<T>(key: string, task: () => Promise<T>): Promise<T>
}

export function createSerializer(): Core['serialize'] {
  const tails = new Map<string, Promise<unknown>>()
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return run
  }
}
