export type { Clock } from './clock';
export {
  type DatabaseInspection,
  inspectDatabase,
  type OpenDatabaseOptions,
  openDatabase,
  type Store,
} from './database';
export { describeDatabaseUrl, parseDatabaseUrl } from './database-url';
export type { StoreFigures } from './figures';
export { createMigrator, migrateToLatest, type StoreDialect } from './migrations';
export { OutboxRepository } from './outbox-repository';
export { RequestRepository } from './request-repository';
export type { Database } from './schema';
