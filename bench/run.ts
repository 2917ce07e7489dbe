/**
 * npm run bench: every benchmark, each figure beside a baseline measured in the same run.
 * Needs a real Postgres (DATABASE_URL, or postgres@127.0.0.1:5432 by default); each bench uses a
 * fresh database and drops it.
 */
import pg from 'pg'
import { benchDatabase } from './support/bench-database.ts'
import { printFigures } from './support/report.ts'
import { eventStoreBench } from './event-store.bench.ts'
import { sessionsBench } from './sessions.bench.ts'
import { messagingBench } from './messaging.bench.ts'
import { webhookPathBench, webhooksBench } from './webhooks.bench.ts'
import { pipelineBench } from './pipeline.bench.ts'

const only = process.argv[2]
const benches: Record<string, (url: string) => Promise<import('./support/report.ts').Figure[]>> = {
  'event-store': eventStoreBench,
  sessions: sessionsBench,
  messaging: messagingBench,
  webhooks: webhooksBench,
  'webhook-path': webhookPathBench,
  pipeline: pipelineBench,
}

let allPassed = true
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue
  const database = await benchDatabase()
  try {
    const version = await serverVersion(database.url)
    console.error(`running ${name} on ${version} …`)
    allPassed = printFigures(`${name} (Postgres ${version}, ${new URL(database.server).host})`, await bench(database.url)) && allPassed
  } finally {
    await database.drop()
  }
}
console.log(allPassed ? '\nall targets met' : '\nsome targets missed')
process.exit(allPassed ? 0 : 1)

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query('SHOW server_version')).rows[0].server_version
  } finally {
    await client.end()
  }
}
