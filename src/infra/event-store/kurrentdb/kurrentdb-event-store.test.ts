import { describe } from 'vitest'
import { eventStoreContract } from '../event-store.contract.ts'
import { connectKurrentDb } from './connect-kurrentdb.ts'

const url = process.env.KURRENTDB_URL

/**
 * The contract against a real KurrentDB whenever KURRENTDB_URL is set. None can be installed on the
 * development machines (no npm or Debian package), so there it is listed as skipped, with the reason.
 */
describe.skipIf(!url)(
  url ? `KurrentDB at ${url}` : 'KurrentDB: skipped, KURRENTDB_URL is not set (run e.g. KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false npm test against a KurrentDB server)',
  () => {
    eventStoreContract(
      'kurrentdb adapter',
      async () => {
        const store = await connectKurrentDb(url!)
        return { store, close: () => store.close() }
      },
      { eventIdsUniqueAcrossStreams: false },
    )
  },
)
