import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { REQUEST_STATES } from './orders/model';
import type { StoreFigures } from './store';

/**
 * GET /metrics in Prometheus' text format. What the store knows (requests by state, decisions,
 * reconciliation, the outbox) is read from it at each scrape; what passes through the adapters (Partner
 * API calls, placements, dropdown lookups, Slack errors) is counted there. Labels are routes, methods,
 * outcomes and Slack's error codes: never an ID, a name or a secret.
 */

const DECISIONS = ['approve', 'reject', 'cancel'] as const;
const RECONCILIATION = [
  'place_outcome_unknown',
  'placing_abandoned',
  'reconcile_found',
  'reconcile_absent',
  'doubt_raised',
  'resolved_placed',
  'resolved_not_placed',
] as const;

/** Follow-ups the app made on its own (audit trail): reminders to approvers, expiries, order status changes. */
const FOLLOW_UPS = ['reminded', 'expire', 'order_status'] as const;

export class DeskMetrics {
  private readonly registry = new Registry();
  private readonly requests = this.gauge('order_desk_requests', 'Order requests by state', ['state']);
  private readonly decisions = this.gauge(
    'order_desk_decisions',
    'Decisions in the audit trail: made, or refused (not an approver, own request, already decided…)',
    ['decision', 'result'],
  );
  private readonly reconciliation = this.gauge(
    'order_desk_reconciliation_outcomes',
    'Orders in doubt: how they came to be, and how they were settled (audit trail)',
    ['outcome'],
  );
  private readonly followUps = this.gauge(
    'order_desk_follow_ups',
    'Follow-ups of the app in the audit trail: reminded (approvers of a waiting request), expire, order_status (a change seen)',
    ['action'],
  );
  private readonly backlog = this.gauge(
    'order_desk_outbox_backlog',
    'Slack messages neither delivered nor given up',
    [],
  );
  private readonly oldest = this.gauge(
    'order_desk_outbox_oldest_age_seconds',
    'How long the oldest undelivered Slack message has waited',
    [],
  );
  private readonly abandoned = this.gauge('order_desk_outbox_abandoned', 'Slack messages given up', []);
  private readonly partnerCalls = this.counter(
    'order_desk_partner_api_calls_total',
    'Partner API exchanges by endpoint and outcome (ok, or the error class)',
    ['endpoint', 'outcome'],
  );
  private readonly partnerDuration = this.histogram(
    'order_desk_partner_api_call_duration_seconds',
    'Partner API exchanges by endpoint, answered or not',
    ['endpoint'],
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  );
  private readonly placements = this.histogram(
    'order_desk_placement_duration_seconds',
    'Create an Order attempts by outcome (placed, refused, unknown), a resend after a 401 included',
    ['outcome'],
    [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
  );
  private readonly lookups = this.counter(
    'order_desk_list_lookups_total',
    'Dropdown list lookups by list and result: hit (fresh), stale (answered, refreshing), miss (loaded), unavailable',
    ['list', 'result'],
  );
  private readonly slackErrors = this.counter(
    'order_desk_slack_api_errors_total',
    'Slack Web API calls of the outbox that failed, by method and Slack error code',
    ['method', 'error'],
  );

  /** `token`: what a scraper must send as `Authorization: Bearer <token>`. */
  constructor(
    readonly token: string,
    private readonly figures: (actions: readonly string[]) => Promise<StoreFigures>,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'order_desk_' });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  readonly partnerApiCall = (call: { route: string; outcome: string; seconds: number }): void => {
    this.partnerCalls.inc({ endpoint: call.route, outcome: call.outcome });
    this.partnerDuration.observe({ endpoint: call.route }, call.seconds);
  };

  readonly placement = (outcome: string, seconds: number): void => {
    this.placements.observe({ outcome }, seconds);
  };

  readonly listLookup = (list: string, result: string): void => {
    this.lookups.inc({ list, result });
  };

  readonly slackError = (method: string, error: string): void => {
    this.slackErrors.inc({ method, error });
  };

  readonly contentType = this.registry.contentType;

  /** The text of one scrape, the store's figures read now. */
  async render(): Promise<string> {
    const f = await this.figures([...DECISIONS, ...RECONCILIATION, ...FOLLOW_UPS]);
    for (const state of REQUEST_STATES) this.requests.set({ state }, f.requestsByState[state] ?? 0);
    for (const decision of DECISIONS) {
      const { total = 0, refused = 0 } = f.events[decision] ?? {};
      this.decisions.set({ decision, result: 'made' }, total - refused);
      this.decisions.set({ decision, result: 'refused' }, refused);
    }
    for (const outcome of RECONCILIATION) this.reconciliation.set({ outcome }, f.events[outcome]?.total ?? 0);
    for (const action of FOLLOW_UPS) this.followUps.set({ action }, f.events[action]?.total ?? 0);
    this.backlog.set(f.outboxBacklog);
    this.oldest.set(f.outboxOldestAgeMs / 1000);
    this.abandoned.set(f.outboxAbandoned);
    return this.registry.metrics();
  }
}
