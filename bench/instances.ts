import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type ApprovalFigures, approveAndMeasure, newApprovals, submitAll } from './approvals';
import type { Harness } from './harness';
import { APPROVALS } from './people';

/**
 * The approval load on PostgreSQL: once with one order desk, once with two on the same database, the
 * requests and the clicks spread over both as a load balancer would. Each run has a schema of its own,
 * dropped afterwards.
 */

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type InstancesResult =
  | { ran: true; one: ApprovalFigures; two: ApprovalFigures }
  | { ran: false; why: string };

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function onInstances(h: Harness, count: number): Promise<ApprovalFigures> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  await admin((c) => c.query(`create schema ${schema}`));
  const databaseUrl = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const since = Date.now();
  // One after the other: both migrating the same empty schema at once is not what this measures.
  const apps = [await h.startApp(databaseUrl)];
  while (apps.length < count) apps.push(await h.startApp(databaseUrl));
  try {
    const drivers = apps.map((app) => h.driver(app, []));
    const before = (await h.slack.messages(APPROVALS)).length;
    await submitAll(drivers, h.users, `pg${count}-${since}`);
    const approvals = await newApprovals(h.slack, before, h.users.length);
    const { slack, partner, users } = h;
    const run = { slack, partner, databaseUrl, users, since };
    return (await approveAndMeasure(run, drivers, approvals, h.profile.simultaneousClicks)).figures;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await admin((c) => c.query(`drop schema ${schema} cascade`));
  }
}

export async function runInstances(h: Harness): Promise<InstancesResult> {
  try {
    await admin((c) => c.query('select 1'));
  } catch (error) {
    return { ran: false, why: `PostgreSQL at ${POSTGRES_URL} not reachable: ${String(error)}` };
  }
  return { ran: true, one: await onInstances(h, 1), two: await onInstances(h, 2) };
}
