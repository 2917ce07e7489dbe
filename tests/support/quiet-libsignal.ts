import { pino } from 'pino'
import { routeLibsignalConsole } from '../../src/infra/whatsapp/libsignal-console.ts'

// Every test worker: libsignal's console session dumps (keys included) go nowhere, as in the gateway
// process they go to its log at debug. Tests that drive the sandbox or Baileys directly need it too.
routeLibsignalConsole(pino({ level: 'silent' }))
