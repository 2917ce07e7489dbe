import { USyncQuery, USyncUser } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { Connection } from './connection.ts'
import { createSerializer } from './core.ts'
import type { Core } from './core.ts'
import { createHub } from './hub.ts'
import { iqResult } from './iq.ts'
import { createMemoryStore } from './store.ts'
import { handleUsyncIq } from './usync.ts'
import { createWorld } from './world.ts'

function testCore(autoCreateContacts = false): Core {
  const world = createWorld(createMemoryStore())
  return {
    world,
    hub: createHub(world),
    logger: pino({ level: 'silent' }),
    options: { qrRefCount: 1, autoCreateContacts, historySync: true, defaultAddressing: 'pn' },
    faults: { rejectSends: new Map() },
    pairings: new Map(),
    iqHandlers: new Map(),
    serialize: createSerializer(),
  }
}

/** The iq Baileys' executeUSyncQuery builds for a query. */
function usyncIq(query: USyncQuery): BinaryNode {
  return {
    tag: 'iq',
    attrs: { id: '1', to: '@s.whatsapp.net', type: 'get', xmlns: 'usync' },
    content: [
      {
        tag: 'usync',
        attrs: { context: query.context, mode: query.mode, sid: 's', last: 'true', index: '0' },
        content: [
          { tag: 'query', attrs: {}, content: query.protocols.map(p => p.getQueryElement()) },
          {
            tag: 'list',
            attrs: {},
            content: query.users.map((user): BinaryNode => ({
              tag: 'user',
              attrs: user.phone ? {} : { jid: user.id! },
              content: query.protocols.map(p => p.getUserElement(user)).filter((n): n is BinaryNode => n !== null),
            })),
          },
        ],
      },
    ],
  }
}

async function ask(core: Core, query: USyncQuery) {
  const node = usyncIq(query)
  const content = await handleUsyncIq({ core, node, conn: {} as Connection, session: undefined })
  return query.parseUSyncQueryResult(iqResult(node, content))!
}

describe('usync', () => {
  it('lists device 0 and linked companions with their key index, and the LID of phone numbers', async () => {
    const core = testCore()
    const phone = core.world.createPhone()
    phone.devices.push({ id: 3, keyIndex: 2 } as (typeof phone.devices)[number])
    const contact = core.world.createContact()
    const query = new USyncQuery().withContext('message').withDeviceProtocol().withLIDProtocol()
    query.withUser(new USyncUser().withId(`${phone.pn}@s.whatsapp.net`))
    query.withUser(new USyncUser().withId(`${contact.pn}@s.whatsapp.net`))
    query.withUser(new USyncUser().withId('19999999999@s.whatsapp.net'))
    const { list } = await ask(core, query)
    expect(list).toEqual([
      {
        id: `${phone.pn}@s.whatsapp.net`,
        lid: `${phone.lid}@lid`,
        devices: { deviceList: [{ id: 0, keyIndex: NaN, isHosted: false }, { id: 3, keyIndex: 2, isHosted: false }], keyIndex: expect.anything() },
      },
      {
        id: `${contact.pn}@s.whatsapp.net`,
        lid: `${contact.lid}@lid`,
        devices: { deviceList: [{ id: 0, keyIndex: NaN, isHosted: false }], keyIndex: expect.anything() },
      },
      { id: '19999999999@s.whatsapp.net', devices: { deviceList: [] } },
    ])
  })

  it('answers onWhatsApp (contact protocol by phone number), creating contacts on the fly when asked to', async () => {
    const core = testCore()
    const contact = core.world.createContact()
    const query = new USyncQuery().withContactProtocol()
    query.withUser(new USyncUser().withPhone(`+${contact.pn}`))
    query.withUser(new USyncUser().withPhone('+19999999999'))
    const { list } = await ask(core, query)
    expect(list).toEqual([
      { id: `${contact.pn}@s.whatsapp.net`, contact: true },
      { id: '19999999999@s.whatsapp.net', contact: false },
    ])

    const lenient = testCore(true)
    const again = new USyncQuery().withContactProtocol()
    again.withUser(new USyncUser().withPhone('+19999999999'))
    expect((await ask(lenient, again)).list).toEqual([{ id: '19999999999@s.whatsapp.net', contact: true }])
    expect(lenient.world.findUser('19999999999')?.kind).toBe('contact')
  })
})
