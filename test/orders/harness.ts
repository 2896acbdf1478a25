import type { Logger } from '../../src/logger';
import type { OrderRequest } from '../../src/orders/model';
import type { Notifier } from '../../src/orders/ports';
import { RecoveryWorker } from '../../src/orders/recovery';
import { OrderWorkflow, type WorkflowTiming } from '../../src/orders/workflow';
import type { PartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type Clock, openDatabase, type Store } from '../../src/store';
import type { PartnerApiClient } from '../../src/yeastar/client';
import { PartnerApiOrders } from '../../src/yeastar/partner-orders';
import { type Backend, postgresBackend, postgresReachable, sqliteFileBackend } from '../store/backends';
import { FAST_PARTNER_API, sandboxClient } from '../yeastar/support/sandbox-client';
import { APPROVER, REQUESTER, type TutorialCase, testPolicy, tutorialInput } from './support';

/** What the workflow told people, in order: the notifier port, recorded. */
export class RecordingNotifier implements Notifier {
  readonly told: { step: keyof Notifier; request: OrderRequest }[] = [];
  /** Keys of the reminders queued, `requestId:n`: asking twice for one reminder queues it once. */
  readonly reminders = new Set<string>();

  async submitted(request: OrderRequest): Promise<void> {
    this.told.push({ step: 'submitted', request });
  }

  async decided(request: OrderRequest): Promise<void> {
    this.told.push({ step: 'decided', request });
  }

  async outcome(request: OrderRequest): Promise<void> {
    this.told.push({ step: 'outcome', request });
  }

  async reminder(request: OrderRequest, n: number): Promise<void> {
    const key = `${request.id}:${n}`;
    if (this.reminders.has(key)) return;
    this.reminders.add(key);
    this.told.push({ step: 'reminder', request });
  }

  async repriced(request: OrderRequest): Promise<void> {
    this.told.push({ step: 'repriced', request });
  }

  /** The states a request's outcomes were told in, raised doubts marked as such. */
  outcomes(requestId: string): string[] {
    return this.told
      .filter((t) => t.step === 'outcome' && t.request.id === requestId)
      .map((t) =>
        t.request.state === 'in_doubt' && t.request.doubt?.raisedAt ? 'in_doubt_raised' : t.request.state,
      );
  }
}

/** Timing for tests: a fault costs milliseconds; the grace period is the store's (test) clock's business. */
export const TEST_TIMING: WorkflowTiming = {
  orderDeadlineMs: 1500,
  placingLeaseMs: 3000,
  graceMs: 60_000,
  checkIntervalMs: 1000,
  maxCheckIntervalMs: 60_000,
  reminderAfterMs: 4 * 3_600_000,
  maxReminders: 2,
  expireAfterMs: 7 * 86_400_000,
};

/** The app's order side, as one instance of it would run: its own store connection, client and workflow. */
export interface AppInstance {
  store: Store;
  partnerApi: PartnerApiClient;
  notifier: RecordingNotifier;
  workflow: OrderWorkflow;
  instanceId: string;
  /** A recovery worker of this instance (not started). */
  recovery(options?: { intervalMs?: number }): RecoveryWorker;
  /** What one recovery worker does with one request: take its lease, finish it, give the lease back. */
  recover(requestId: string): Promise<OrderRequest | undefined>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  timing?: Partial<WorkflowTiming>;
  /** The store's clock, to let grace periods and leases pass without waiting; the database's by default. */
  clock?: Clock;
  instanceId?: string;
  allowSelfApproval?: boolean;
  logger?: Logger;
  /** A notifier shared with other instances, as their one outbox in the database is. */
  notifier?: RecordingNotifier;
}

let instances = 0;

/** Connects an app instance to a database and a sandbox; small timeouts keep fault tests fast. */
export async function startInstance(
  databaseUrl: string,
  sandbox: PartnerApiSandbox,
  options: InstanceOptions = {},
): Promise<AppInstance> {
  const store = await openDatabase(databaseUrl, options.clock ? { clock: options.clock } : {});
  const logging = options.logger ? { logger: options.logger } : {};
  const partnerApi = sandboxClient(sandbox, { ...FAST_PARTNER_API, ...logging });
  const notifier = options.notifier ?? new RecordingNotifier();
  const instanceId = options.instanceId ?? `instance-${++instances}`;
  const timing = { ...TEST_TIMING, ...options.timing };
  const workflow = new OrderWorkflow({
    store: store.requests,
    partner: new PartnerApiOrders(partnerApi),
    notifier,
    policy: testPolicy({ allowSelfApproval: options.allowSelfApproval ?? false }),
    instanceId,
    timing,
    ...logging,
  });
  return {
    store,
    partnerApi,
    notifier,
    workflow,
    instanceId,
    recovery: (worker = {}) =>
      new RecoveryWorker({
        store: store.requests,
        workflow,
        instanceId,
        intervalMs: worker.intervalMs ?? 60_000,
        leaseTtlMs: timing.placingLeaseMs,
      }),
    recover: async (requestId) => {
      const owner = `${instanceId}/test-recovery`;
      if (!(await store.requests.claimLease(requestId, owner, timing.placingLeaseMs))) {
        throw new Error(`request ${requestId} is leased to another worker`);
      }
      try {
        return await workflow.recover(requestId, owner);
      } finally {
        await store.requests.releaseLease(requestId, owner);
      }
    },
    close: () => store.close(),
  };
}

/** A tutorial's values, submitted by the requester: a request pending approval. */
export async function submittedRequest(app: AppInstance, tutorialCase: TutorialCase, overrides = {}) {
  const input = tutorialInput(tutorialCase, overrides);
  const { request } = await app.workflow.submit({
    requesterId: REQUESTER,
    scenarioId: input.scenarioId,
    input,
  });
  return request;
}

/**
 * Submitted and approved, but not placed: the state a crash right after the approval leaves, and what
 * recovery or a placement test starts from.
 */
export async function approvedRequest(app: AppInstance, tutorialCase: TutorialCase, overrides = {}) {
  const request = await submittedRequest(app, tutorialCase, overrides);
  const approved = await app.store.requests.transition(request.id, {
    from: 'pending_approval',
    to: 'approved',
    actor: APPROVER,
    action: 'approve',
    patch: { decidedBy: APPROVER },
  });
  if (!approved) throw new Error('approval refused');
  return approved;
}

/** A manual clock for the store: leases and grace periods pass when the test says so. */
export function manualClock(start = Date.UTC(2026, 11, 1, 9, 0, 0)) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

export interface TestDatabase {
  name: string;
  backend: Backend;
  /**
   * App instances that may share it at once. SQLite serves one instance (its connection serialises
   * transactions); PostgreSQL is the database for several replicas.
   */
  replicas: number;
}

/** Databases the key tests run on: a SQLite file always, PostgreSQL when reachable (and always in CI). */
export function databasesUnderTest(): TestDatabase[] {
  const sqlite = { name: 'SQLite file', backend: sqliteFileBackend(), replicas: 1 };
  const reachable = postgresReachable();
  if (reachable.ok) return [sqlite, { name: 'PostgreSQL', backend: postgresBackend(), replicas: 2 }];
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable: ${reachable.why}`);
  console.warn(`\n*** orders: PostgreSQL unreachable (${reachable.why}); running on SQLite only. ***\n`);
  return [sqlite];
}
