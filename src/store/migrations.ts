import { type Kysely, type Migration, Migrator, sql } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

/**
 * Migrations live in code (no files are read at run time) and are frozen once released: later schema
 * changes are new entries, never edits. They take `Kysely<unknown>` so they never depend on today's
 * `Database` types.
 */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001_order_requests_and_audit_events': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('order_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reference', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('requester_id', 'text', (c) => c.notNull())
          .addColumn('scenario_id', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('origin_channel_id', 'text')
          .addColumn('approval_channel_id', 'text')
          .addColumn('approval_message_ts', 'text')
          .addColumn('requester_channel_id', 'text')
          .addColumn('requester_message_ts', 'text')
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'bigint')
          .addColumn('reason', 'text')
          .addColumn('order_no', 'text')
          .addColumn('order_id', 'text')
          .addColumn('transaction_no', 'text')
          .addColumn('instance_id', 'text')
          .addColumn('order_status', 'text')
          .addColumn('failure_code', 'text')
          .addColumn('failure_message', 'text')
          .addColumn('failure_request_id', 'text')
          .addColumn('failure_http_status', 'integer')
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('order_requests_reference_idx')
          .on('order_requests')
          .column('reference')
          .unique()
          .execute();
        // Workers scan by state, oldest change first.
        await db.schema
          .createIndex('order_requests_state_idx')
          .on('order_requests')
          .columns(['state', 'updated_at'])
          .execute();
        await db.schema
          .createIndex('order_requests_requester_idx')
          .on('order_requests')
          .columns(['requester_id', 'created_at'])
          .execute();

        // The only dialect difference: how an integer key generates itself.
        await db.schema
          .createTable('audit_events')
          .addColumn('id', 'integer', (c) =>
            dialect === 'sqlite'
              ? c.primaryKey().autoIncrement()
              : c.primaryKey().generatedByDefaultAsIdentity(),
          )
          .addColumn('request_id', 'text', (c) => c.notNull().references('order_requests.id'))
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('from_state', 'text')
          .addColumn('to_state', 'text')
          .addColumn('reason', 'text')
          .execute();
        await db.schema
          .createIndex('audit_events_request_idx')
          .on('audit_events')
          .column('request_id')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('audit_events').execute();
        await db.schema.dropTable('order_requests').execute();
      },
    },
    '0002_slack_outbox': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('slack_outbox')
          .addColumn('id', 'integer', (c) =>
            dialect === 'sqlite'
              ? c.primaryKey().autoIncrement()
              : c.primaryKey().generatedByDefaultAsIdentity(),
          )
          .addColumn('request_id', 'text', (c) => c.notNull().references('order_requests.id'))
          .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('args', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
          .addColumn('delivered_at', 'bigint')
          .addColumn('abandoned_at', 'bigint')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        // The dispatcher scans undelivered messages by due time.
        await db.schema
          .createIndex('slack_outbox_due_idx')
          .on('slack_outbox')
          .columns(['delivered_at', 'next_attempt_at'])
          .execute();
        await db.schema
          .createIndex('slack_outbox_request_idx')
          .on('slack_outbox')
          .column('request_id')
          .execute();
        // Requests that ended before the outbox existed were told by the direct notifier: mark their outcome
        // as delivered, or the first start after this migration would announce every past order again.
        await sql`
          insert into slack_outbox
            (request_id, dedupe_key, kind, method, args, attempts, next_attempt_at, delivered_at, created_at)
          select id, id || ':requester_outcome:' || state, 'requester_outcome', 'chat.postMessage', '{}', 0,
                 updated_at, updated_at, updated_at
          from order_requests
          where state in ('placed', 'failed', 'in_doubt', 'rejected', 'cancelled')`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('slack_outbox').execute();
      },
    },
    '0003_fenced_placement_and_doubts': {
      async up(db: Kysely<unknown>) {
        const columns: [string, 'text' | 'bigint' | 'integer'][] = [
          ['submission_key', 'text'],
          ['order_body', 'text'],
          ['doubt_since', 'bigint'],
          ['doubt_reason', 'text'],
          ['doubt_check_after', 'bigint'],
          ['doubt_raised_at', 'bigint'],
          ['doubt_message_ts', 'text'],
        ];
        // SQLite adds one column per statement.
        for (const [name, type] of columns) {
          await db.schema.alterTable('order_requests').addColumn(name, type).execute();
        }
        await db.schema
          .alterTable('order_requests')
          .addColumn('doubt_checks', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createIndex('order_requests_submission_key_idx')
          .on('order_requests')
          .column('submission_key')
          .unique()
          .execute();
        await db.schema.alterTable('slack_outbox').addColumn('outcome_unknown_at', 'bigint').execute();
        // Placements claimed before leases were taken with the claim: their placer's lease ends when the
        // old stale threshold (two minutes) would have ended it.
        await sql`update order_requests set lease_owner = 'before-0003', lease_until = updated_at + 120000
                  where state = 'placing' and lease_until is null`.execute(db);
        await sql`update order_requests
                  set doubt_since = updated_at, doubt_check_after = updated_at,
                      doubt_reason = 'Yeastar did not confirm the order'
                  where state = 'in_doubt'`.execute(db);
        // Their requester was told they are in doubt under the old stage name: not again under the new one.
        await sql`
          insert into slack_outbox
            (request_id, dedupe_key, kind, method, args, attempts, next_attempt_at, delivered_at, created_at)
          select id, id || ':requester_outcome:in_doubt@' || doubt_since, 'requester_outcome',
                 'chat.postMessage', '{}', 0, updated_at, updated_at, updated_at
          from order_requests
          where state = 'in_doubt'`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropIndex('order_requests_submission_key_idx').execute();
        await db.schema.alterTable('slack_outbox').dropColumn('outcome_unknown_at').execute();
        const columns = [
          'submission_key',
          'order_body',
          'doubt_since',
          'doubt_reason',
          'doubt_checks',
          'doubt_check_after',
          'doubt_raised_at',
          'doubt_message_ts',
        ];
        for (const name of columns) await db.schema.alterTable('order_requests').dropColumn(name).execute();
      },
    },
    '0004_failure_field_and_permalink': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').addColumn('failure_field', 'text').execute();
        await db.schema.alterTable('order_requests').addColumn('approval_permalink', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').dropColumn('approval_permalink').execute();
        await db.schema.alterTable('order_requests').dropColumn('failure_field').execute();
      },
    },
    '0005_reminders': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('order_requests')
          .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('order_requests').addColumn('reminded_at', 'bigint').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').dropColumn('reminded_at').execute();
        await db.schema.alterTable('order_requests').dropColumn('reminders_sent').execute();
      },
    },
    '0006_order_status_follow_up': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('order_requests')
          .addColumn('status_checks', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('order_requests').addColumn('status_check_after', 'bigint').execute();
        // Orders placed before with a status that is not final are followed from now on.
        await sql`update order_requests set status_check_after = updated_at
                  where state = 'placed'
                    and order_status not in ('succeed', 'failed', 'cancelled', 'invalid', 'refunded')`.execute(
          db,
        );
        // Their requester was told under the old stage name (placed): not again under the new one.
        await sql`
          insert into slack_outbox
            (request_id, dedupe_key, kind, method, args, attempts, next_attempt_at, delivered_at, created_at)
          select id, id || ':requester_outcome:placed@' || order_status, 'requester_outcome',
                 'chat.postMessage', '{}', 0, updated_at, updated_at, updated_at
          from order_requests
          where state = 'placed' and order_status <> 'succeed'`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').dropColumn('status_check_after').execute();
        await db.schema.alterTable('order_requests').dropColumn('status_checks').execute();
      },
    },
    '0007_first_approval': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').addColumn('first_approved_by', 'text').execute();
        await db.schema.alterTable('order_requests').addColumn('first_approved_at', 'bigint').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('order_requests').dropColumn('first_approved_at').execute();
        await db.schema.alterTable('order_requests').dropColumn('first_approved_by').execute();
      },
    },
  };
}

/**
 * Kysely looks for its bookkeeping tables in every schema of a PostgreSQL database, so a second app
 * (or test) in a sibling schema would fool it; pin them to the schema this connection writes to.
 */
async function migrationTableSchema<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<string | undefined> {
  if (dialect === 'sqlite') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path in DATABASE_URL');
  return schema;
}

export async function createMigrator<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<Migrator> {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableSchema: await migrationTableSchema(db, dialect),
  });
}

/** Every migration this version has, oldest first: what a database not yet created will get. */
export function migrationNames(dialect: StoreDialect): string[] {
  return Object.keys(migrations(dialect)).sort();
}

/** Brings the schema up to date; returns the names of the migrations it applied (none when current). */
export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<string[]> {
  const migrator = await createMigrator(db, dialect);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'migration setup';
    throw new Error(`database migration failed at ${failed}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
