import type { Logger } from '../../src/logger';
import { OrderPlacer } from '../../src/orders/placement';
import { Reconciler } from '../../src/orders/reconciliation';
import { bodyForRequest } from '../../src/orders/request-body';
import { OrderRequestService } from '../../src/orders/service';
import type { PartnerApiSandbox } from '../../src/sandbox/partner-api';
import { openDatabase, type Store } from '../../src/store';
import type { PartnerApiClient } from '../../src/yeastar/client';
import { type Backend, postgresBackend, postgresReachable, sqliteFileBackend } from '../store/backends';
import { FAST_PARTNER_API, sandboxClient } from '../yeastar/support/sandbox-client';
import { APPROVER, REQUESTER, type TutorialCase, testPolicy, tutorialInput } from './support';

/** The app's order side, as one instance of it would run: its own store connection and API client. */
export interface AppInstance {
  store: Store;
  partnerApi: PartnerApiClient;
  service: OrderRequestService;
  placer: OrderPlacer;
  reconciler: Reconciler;
  close(): Promise<void>;
}

export interface InstanceOptions {
  /** 0 treats every `placing` request as abandoned, as recovery after a restart would once it is old. */
  stalePlacingMs?: number;
  /** The reconciler's clock, to stand in for time passing before a restart. */
  now?: () => Date;
  logger?: Logger;
}

/** Connects an app instance to a database and a sandbox; small timeouts keep fault tests fast. */
export async function startInstance(
  databaseUrl: string,
  sandbox: PartnerApiSandbox,
  options: InstanceOptions = {},
) {
  const store = await openDatabase(databaseUrl);
  const logging = options.logger ? { logger: options.logger } : {};
  const partnerApi = sandboxClient(sandbox, { ...FAST_PARTNER_API, ...logging });
  const placer = new OrderPlacer({ requests: store.requests, partnerApi, ...logging });
  const instance: AppInstance = {
    store,
    partnerApi,
    service: new OrderRequestService({ requests: store.requests, policy: testPolicy(), ...logging }),
    placer,
    reconciler: new Reconciler({
      requests: store.requests,
      partnerApi,
      placer,
      stalePlacingMs: options.stalePlacingMs ?? 0,
      ...(options.now ? { now: options.now } : {}),
      ...logging,
    }),
    close: () => store.close(),
  };
  return instance;
}

/** Submits a tutorial's values and approves them: the request is then ready to be placed. */
export async function approvedRequest(app: AppInstance, tutorialCase: TutorialCase, overrides = {}) {
  const input = tutorialInput(tutorialCase, overrides);
  const request = await app.service.submit({ requesterId: REQUESTER, scenarioId: input.scenarioId, input });
  const approval = await app.service.approve(request.id, APPROVER);
  if (!approval.ok) throw new Error(`approval refused: ${approval.reason}`);
  return approval.request;
}

/**
 * The app stopped between placement and recording: it claimed the request and Yeastar took the order,
 * but the answer was never written down.
 */
export async function crashAfterSending(app: AppInstance, requestId: string): Promise<void> {
  const claimed = await app.store.requests.transition(requestId, {
    from: 'approved',
    to: 'placing',
    actor: 'system',
    action: 'place',
  });
  if (!claimed) throw new Error('request was not approved');
  const built = bodyForRequest(claimed);
  if (!built.ok) throw new Error(built.failure.detailMessage);
  await app.partnerApi.createOrder(built.body);
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
