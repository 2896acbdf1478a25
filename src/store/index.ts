export { type OpenDatabaseOptions, openDatabase, type Store } from './database';
export { describeDatabaseUrl, parseDatabaseUrl } from './database-url';
export { createMigrator, migrateToLatest, type StoreDialect } from './migrations';
export {
  type NewOutboxMessage,
  type OutboxEntry,
  OutboxRepository,
  outboxDedupeKey,
} from './outbox-repository';
export {
  type Clock,
  type NewOrderRequest,
  type Refusal,
  RequestRepository,
  type Transition,
} from './request-repository';
export type { TransitionPatch } from './request-row';
export type { Database } from './schema';
