import { describe } from 'vitest'
import { NATS_URL } from '../../../tests/support/nats.ts'
import { busContract } from './bus.contract.ts'
import { InProcessBus } from './in-process-bus.ts'
import { NatsBus } from './nats-bus.ts'

busContract('in-process', async () => {
  const bus = new InProcessBus()
  return { nodeA: bus, nodeB: bus, close: () => bus.close() }
})

describe.skipIf(!NATS_URL)('nats', () => {
  busContract('NATS JetStream, two connections', async () => {
    const nodeA = await NatsBus.connect({ url: NATS_URL!, name: 'test-a' })
    const nodeB = await NatsBus.connect({ url: NATS_URL!, name: 'test-b' })
    return { nodeA, nodeB, close: async () => void (await Promise.all([nodeA.close(), nodeB.close()])) }
  })
})
