import { REQUEST_STATES, type RequestState } from '../src/orders/model';
import type { RecordedOrder } from '../src/sandbox/partner-api';
import { openDatabase } from '../src/store';

/** Whether every request ended placed exactly once, read from the app's database and the sandbox's book. */
export interface Integrity {
  /** People whose submission the app accepted. */
  submitted: number;
  stored: number;
  states: Partial<Record<RequestState, number>>;
  ordersAtPartnerApi: number;
  /** Orders beyond the first for one request, plus orders that match no request. */
  duplicateOrders: number;
  /** Accepted submissions with no stored request, or requests left unfinished or without a thread reply. */
  lostRequests: number;
  /**
   * Requests still pending because Yeastar's price at approval was not the one shown (often: none could be
   * read in time at submission, under the burst): nothing ordered, a fresh approval asked for in the thread.
   * Not lost: people see them, by design.
   */
  repricedPending: number;
  /** Approval threads with more than one reply (the result should be posted once). */
  repeatedReplies: number;
}

export interface IntegrityInput {
  databaseUrl: string;
  requesterIds: readonly string[];
  orders: readonly RecordedOrder[];
  /** How many replies the approval thread under this message ts holds. */
  replies(approvalTs: string): number;
}

/** Where a request may end after approval without being lost: in_doubt is visible and reconciled later. */
const SETTLED: readonly RequestState[] = ['placed', 'failed', 'in_doubt'];

export async function checkIntegrity(input: IntegrityInput): Promise<Integrity> {
  const store = await openDatabase(input.databaseUrl);
  try {
    const requests = await store.requests.listByState(REQUEST_STATES);
    const states: Partial<Record<RequestState, number>> = {};
    for (const r of requests) states[r.state] = (states[r.state] ?? 0) + 1;
    const byRequester = new Set(requests.map((r) => r.requesterId));
    const missing = input.requesterIds.filter((id) => !byRequester.has(id)).length;
    const pending = requests.filter((r) => r.state === 'pending_approval');
    const trails = await Promise.all(pending.map((r) => store.requests.audit(r.id)));
    const repriced = new Set(
      pending.filter((_r, i) => trails[i]?.some((e) => e.action === 'price_changed')).map((r) => r.id),
    );
    const unfinished = requests.filter(
      (r) =>
        !repriced.has(r.id) &&
        (!SETTLED.includes(r.state) || input.replies(r.slack.approvalMessageTs ?? '') === 0),
    ).length;
    const matched = requests.map((r) => input.orders.filter((o) => o.poNumber?.includes(r.reference)).length);
    const matchedTotal = matched.reduce((a, b) => a + b, 0);
    return {
      submitted: input.requesterIds.length,
      stored: requests.length,
      states,
      ordersAtPartnerApi: input.orders.length,
      duplicateOrders:
        matched.reduce((sum, n) => sum + Math.max(0, n - 1), 0) + (input.orders.length - matchedTotal),
      lostRequests: missing + unfinished,
      repricedPending: repriced.size,
      repeatedReplies: requests.filter((r) => input.replies(r.slack.approvalMessageTs ?? '') > 1).length,
    };
  } finally {
    await store.close();
  }
}
