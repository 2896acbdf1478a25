import { playRequest, TUTORIAL_PLAYS } from '../src/demo';
import type { OrderDesk } from '../src/index';
import { createLogger } from '../src/logger';
import { APPROVALS, APPROVER, OTHER, REQUESTER, SIGNING_SECRET } from '../src/offline-desk';
import { useOfflineWorld } from './support/offline-world';
import { until } from './support/poll';

/** GET /metrics, scraped as Prometheus would, after a request is approved and placed through Slack. */

const TOKEN = 'metrics-token-0123456789abcdef';

const world = useOfflineWorld();

const start = (env: Record<string, string> = {}) =>
  world.startDesk(env, {
    logger: createLogger('silent'),
    recoveryIntervalMs: 100,
    outbox: { intervalMs: 20, initialBackoffMs: 10, maxBackoffMs: 50 },
  });

const scrape = (d: OrderDesk, authorization?: string) =>
  fetch(`${d.url}/metrics`, authorization ? { headers: { authorization } } : {});

/** The value of one sample line, e.g. `order_desk_requests{state="placed"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Exchanges with one Partner API endpoint that ended so. */
const callsOf = (text: string, endpoint: string, outcome: string) =>
  sample(text, `order_desk_partner_api_calls_total{endpoint="${endpoint}",outcome="${outcome}"}`);

const SAVE = 'POST /order/openapi/order/v1/save';

/** A renewal requested, clicked by someone who may not approve, approved, and everything told in Slack. */
async function approvedAndPlaced(d: OrderDesk): Promise<void> {
  const driver = world.emulator.driver(`${d.url}/slack/events`, SIGNING_SECRET);
  await playRequest(driver, REQUESTER, TUTORIAL_PLAYS['renew-ycm-white-label']);
  const approval = await world.emulator.waitFor(() => world.emulator.messages(APPROVALS)[0], {
    what: 'the approval message',
  });
  await driver.click(OTHER, APPROVALS, approval.ts, 'approve_request');
  await driver.click(APPROVER, APPROVALS, approval.ts, 'approve_request');
  const [request] = await d.store.requests.listRequesterRequests(REQUESTER, 1);
  await until(async () => {
    const stored = await d.store.requests.get(request?.id ?? '');
    const outbox = await d.store.outbox.entriesOf(request?.id ?? '');
    return stored?.state === 'placed' && outbox.length > 0 && outbox.every((m) => m.deliveredAt) && stored;
  }, 'the order placed and every message delivered');
}

test('when a request was approved and placed through Slack, then /metrics reports its state, the decisions, the placement, the Partner API calls, the dropdown lookups, the outbox and a Slack error', async () => {
  const d = await start({ METRICS_TOKEN: TOKEN });
  world.emulator.faults.failNext('chat.postMessage', 1, 503);

  await approvedAndPlaced(d);
  const response = await scrape(d, `Bearer ${TOKEN}`);
  const text = await response.text();

  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(sample(text, 'order_desk_requests{state="placed"}')).toBe(1);
  expect(sample(text, 'order_desk_requests{state="pending_approval"}')).toBe(0);
  expect(sample(text, 'order_desk_decisions{decision="approve",result="made"}')).toBe(1);
  expect(sample(text, 'order_desk_decisions{decision="approve",result="refused"}')).toBe(1);
  expect(sample(text, 'order_desk_placement_duration_seconds_count{outcome="placed"}')).toBe(1);
  expect(callsOf(text, SAVE, 'ok')).toBe(1);
  expect(callsOf(text, 'POST /auth/openapi/v1/oauth/token', 'ok')).toBeGreaterThan(0);
  const lookups = text
    .split('\n')
    .filter((l) => l.startsWith('order_desk_list_lookups_total{list="billing_contacts"'));
  expect(lookups.length).toBeGreaterThan(0);
  expect(
    sample(
      text,
      'order_desk_slack_api_errors_total{method="chat.postMessage",error="slack_webapi_http_error"}',
    ),
  ).toBe(1);
  expect(sample(text, 'order_desk_outbox_backlog')).toBe(0);
  expect(sample(text, 'order_desk_outbox_oldest_age_seconds')).toBe(0);
  expect(sample(text, 'order_desk_reconciliation_outcomes{outcome="reconcile_found"}')).toBe(0);
  expect(sample(text, 'order_desk_follow_ups{action="reminded"}')).toBe(0);
  expect(sample(text, 'order_desk_follow_ups{action="expire"}')).toBe(0);
  expect(sample(text, 'order_desk_follow_ups{action="order_status"}')).toBe(0);
  for (const secret of [TOKEN, SIGNING_SECRET, world.emulator.botToken, 'sandbox-secret'])
    expect(text).not.toContain(secret);
});

test('when an order’s answer was lost and recovery found it, then the reconciliation outcomes say so', async () => {
  const d = await start({ METRICS_TOKEN: TOKEN });
  world.sandbox.faults.loseNextOrderAnswers(1);

  await approvedAndPlaced(d);
  const text = await (await scrape(d, `Bearer ${TOKEN}`)).text();

  expect(sample(text, 'order_desk_reconciliation_outcomes{outcome="place_outcome_unknown"}')).toBe(1);
  expect(sample(text, 'order_desk_reconciliation_outcomes{outcome="reconcile_found"}')).toBe(1);
  expect(sample(text, 'order_desk_placement_duration_seconds_count{outcome="unknown"}')).toBe(1);
  expect(callsOf(text, SAVE, 'connection')).toBe(1);
});

test('when the scraper sends no token or a wrong one, then /metrics answers 401 and nothing else', async () => {
  const d = await start({ METRICS_TOKEN: TOKEN });

  for (const authorization of [undefined, 'Bearer not-the-token', TOKEN]) {
    const response = await scrape(d, authorization);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  }
});

test('when METRICS_TOKEN is not set, then there is no /metrics', async () => {
  const d = await start();

  expect((await scrape(d, `Bearer ${TOKEN}`)).status).toBe(404);
});
