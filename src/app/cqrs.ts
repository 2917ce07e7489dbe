import type { FactoryProvider, Type } from '@nestjs/common'
import { CommandHandler, QueryHandler } from '@nestjs/cqrs'
import { APP_DEPS, type AppDeps } from './app-deps.ts'

/**
 * Registers a handler class for a command or query without decorator syntax (the code runs on Node's
 * type stripping): the decorator functions are called directly, and Nest builds the handler from the
 * shared dependencies through a factory.
 */
export function commandHandler<H>(command: Type<unknown>, handler: new (deps: AppDeps) => H): FactoryProvider<H> {
  CommandHandler(command)(handler)
  return { provide: handler, useFactory: (deps: AppDeps) => new handler(deps), inject: [APP_DEPS] }
}

export function queryHandler<H>(query: Type<unknown>, handler: new (deps: AppDeps) => H): FactoryProvider<H> {
  QueryHandler(query)(handler)
  return { provide: handler, useFactory: (deps: AppDeps) => new handler(deps), inject: [APP_DEPS] }
}
