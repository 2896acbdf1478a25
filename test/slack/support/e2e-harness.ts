import { validateOrderInput } from '../../../src/catalog';
import type { OrderDesk, OrderDeskOverrides } from '../../../src/index';
import {
  APPROVALS,
  APPROVER,
  type OfflineDesk,
  REQUESTER,
  startOfflineDesk,
} from '../../../src/offline-desk';
import type { OrderRequest } from '../../../src/orders';
import { ACCOUNT } from '../../../src/sandbox/partner-api/seed';
import { scenarioById, TUTORIAL_CASES } from '../../catalog/support';
import { until } from '../../support/poll';
import { FAST_PARTNER_API } from '../../yeastar/support/sandbox-client';

/**
 * The offline order desk (`src/offline-desk.ts`) with test timing: SQLite in memory, a Partner API client
 * that gives up fast, and a recovery worker that stays out of the way unless a test asks for it.
 */

export {
  APPROVALS,
  APPROVER,
  ORDERS,
  OTHER,
  REQUESTER,
  SIGNING_SECRET,
} from '../../../src/offline-desk';

export type Harness = OfflineDesk;

export interface HarnessOptions {
  env?: Record<string, string>;
  recoveryIntervalMs?: number;
  /** Slack outbox timing (dispatcher pause, backoff); production defaults when unset. */
  outbox?: OrderDeskOverrides['outbox'];
  /** The store's clock, for what comes due with time (reminders, expiry); the database's when unset. */
  clock?: OrderDeskOverrides['clock'];
}

/** Outbox timing for tests that watch retries: a failed message is tried again within milliseconds. */
export const FAST_OUTBOX = { intervalMs: 25, initialBackoffMs: 20, maxBackoffMs: 100 };

export function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startOfflineDesk({
    env: options.env,
    partnerApi: FAST_PARTNER_API,
    desk: {
      recoveryIntervalMs: options.recoveryIntervalMs ?? 60_000,
      drainTimeoutMs: 2000,
      outbox: options.outbox,
      ...(options.clock && { clock: options.clock }),
    },
  });
}

/** Starts harnesses for the current test and closes every one of them after it. */
export function harnessesClosedAfterEach(): (options?: HarnessOptions) => Promise<Harness> {
  const started: Harness[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.close()));
  });
  return async (options) => {
    const h = await startHarness(options);
    started.push(h);
    return h;
  };
}

export type TutorialName = (typeof TUTORIAL_CASES)[number]['tutorial'];

/**
 * Submits a tutorial's request, exactly as the request side's submission does once the modal validated
 * it, and waits until its approval message is posted; for tests about deciding, where working the modal
 * is beside the point.
 */
export async function submitTutorial(
  h: Harness,
  tutorial: TutorialName,
  overrides: Record<string, unknown> = {},
  requesterId = REQUESTER,
): Promise<OrderRequest> {
  return posted(h, (await storeTutorial(h, tutorial, overrides, requesterId)).id);
}

/** As submitTutorial, without waiting for Slack: the request as stored, its messages queued. */
export async function storeTutorial(
  h: Harness,
  tutorial: TutorialName,
  overrides: Record<string, unknown> = {},
  requesterId = REQUESTER,
): Promise<OrderRequest> {
  const found = TUTORIAL_CASES.find((c) => c.tutorial === tutorial);
  if (!found) throw new Error(`no tutorial ${tutorial}`);
  const scenario = scenarioById(found.scenarioId);
  const validated = validateOrderInput(scenario, { ...found.raw, ...overrides });
  if (!validated.ok) throw new Error(`refused: ${JSON.stringify(validated.errors)}`);
  const { value } = validated;
  // As the renewal modal keeps it: where the instance list holds what is renewed (see heldOn).
  const heldOn =
    scenario.command === 'renew' ? (value.serialNumber ?? value.partnerId ?? ACCOUNT.ucId) : undefined;
  const { request } = await h.desk.workflow.submit({
    requesterId,
    scenarioId: found.scenarioId,
    input: { ...value, labels: { scenario: scenario.label }, ...(heldOn && { heldOn }) },
  } as Parameters<OrderDesk['workflow']['submit']>[0]);
  return request;
}

/**
 * The request once its approval message and the requester's confirmation are posted (the notifier
 * delivers after the workflow returns).
 */
export function posted(h: Harness, requestId: string): Promise<OrderRequest> {
  return until(async () => {
    const stored = await h.desk.store.requests.get(requestId);
    return stored?.slack.approvalMessageTs && stored.slack.requesterMessageTs ? stored : undefined;
  }, 'the approval message and the confirmation to be posted');
}

/** The approval message of a request, as it is in the channel now. */
export function approvalMessageOf(h: Harness, request: OrderRequest) {
  const ts = request.slack.approvalMessageTs;
  const message = h.emulator.messages(APPROVALS).find((m) => m.ts === ts);
  if (!message) throw new Error(`no approval message for ${request.id}`);
  return message;
}

export function threadOf(h: Harness, request: OrderRequest) {
  return h.emulator.thread(APPROVALS, request.slack.approvalMessageTs ?? '');
}

/**
 * Waits until the approval thread has `count` replies, and the messages sent with the last one have been
 * tried: the outcome's stamps go after its thread reply.
 */
export async function waitForThread(h: Harness, request: OrderRequest, count = 1) {
  const thread = await h.emulator.waitFor(
    () => threadOf(h, request).length >= count && threadOf(h, request),
    { what: `${count} repl(ies) in the approval thread` },
  );
  await h.desk.notifier.drain(5000);
  return thread;
}

export function hasButtons(message: { blocks: { type: string }[] }): boolean {
  return message.blocks.some((b) => b.type === 'actions');
}

/** Clicks Approve as the approver and waits until the request is stored as placed. */
export async function approveAndWaitPlaced(h: Harness, request: OrderRequest): Promise<OrderRequest> {
  const click = await h.driver.click(
    APPROVER,
    APPROVALS,
    request.slack.approvalMessageTs ?? '',
    'approve_request',
  );
  expect(click.status).toBe(200);
  return until(async () => {
    const stored = await h.desk.store.requests.get(request.id);
    return stored?.state === 'placed' && stored;
  }, 'the request to be placed');
}
