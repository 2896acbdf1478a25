import type { AuditEvent, OrderRequest } from './model';
import type { ApproverPolicy } from './policy';

/** The reads the overview needs; `store/` implements them next to the RequestStore. */
export interface RequestQueries {
  /** A requester's requests, newest first, from the `offset`-th on. */
  listRequesterRequests(requesterId: string, limit: number, offset?: number): Promise<OrderRequest[]>;
  /** Requests waiting for an approver, longest waiting first, leaving out those the filter names. */
  listPendingApproval(limit: number, opts?: PendingApprovalFilter): Promise<OrderRequest[]>;
  /** Requests whose order has an outcome (placed, failed, unknown), most recently changed first. */
  listRecentOrders(limit: number): Promise<OrderRequest[]>;
  get(id: string): Promise<OrderRequest | undefined>;
  /** The request's audit trail, oldest first. */
  audit(id: string): Promise<AuditEvent[]>;
}

/** Pending requests one approver may not decide: their own, and those they gave the first of two approvals. */
export interface PendingApprovalFilter {
  exceptRequester?: string;
  exceptFirstApprover?: string;
  /** Skips this many of those that are left. */
  offset?: number;
}

/** Some requests of a list: the `offset`-th on, and whether it holds more after these. */
export interface Listing {
  requests: OrderRequest[];
  offset: number;
  /** How many a page holds. */
  limit: number;
  more: boolean;
}

/** Where a person has paged to in the parts of their Home that page (0: the start). */
export interface OverviewPages {
  mine?: number;
  waiting?: number;
}

/**
 * What waits for this person's decision: nothing to show for someone who is not an approver, or why it
 * cannot be told now (Slack did not list the approver group).
 */
export type Waiting =
  | { kind: 'not_approver' }
  | { kind: 'unavailable'; detail: string }
  | ({ kind: 'listed' } & Listing);

/** The desk as one person sees it: their requests, what waits for their decision, and the latest orders. */
export interface Overview {
  mine: Listing;
  waiting: Waiting;
  recent: Listing;
}

/** How many requests each part of the overview shows at most. */
export interface OverviewLimits {
  mine: number;
  waiting: number;
  recent: number;
}

export const DEFAULT_OVERVIEW_LIMITS: OverviewLimits = { mine: 15, waiting: 10, recent: 10 };

export interface DeskOverviewDeps {
  queries: RequestQueries;
  policy: Pick<ApproverPolicy, 'approver'>;
  limits?: OverviewLimits;
}

/**
 * What a person sees of the desk. Who waits for whom is the approver policy's answer, the same that
 * checks a click: an approver sees the pending requests they may decide, never their own unless
 * self-approval is allowed, nor one they gave the first of two approvals.
 */
export class DeskOverview {
  private readonly limits: OverviewLimits;

  constructor(private readonly deps: DeskOverviewDeps) {
    this.limits = deps.limits ?? DEFAULT_OVERVIEW_LIMITS;
  }

  async of(userId: string, pages: OverviewPages = {}): Promise<Overview> {
    const { queries } = this.deps;
    const [mine, waiting, recent] = await Promise.all([
      listing(this.limits.mine, pages.mine ?? 0, (n, offset) =>
        queries.listRequesterRequests(userId, n, offset),
      ),
      this.waitingFor(userId, pages.waiting ?? 0),
      listing(this.limits.recent, 0, (n) => queries.listRecentOrders(n)),
    ]);
    return { mine, waiting, recent };
  }

  /** A request and every step of it, oldest first; undefined for an unknown request. */
  async history(requestId: string): Promise<{ request: OrderRequest; events: AuditEvent[] } | undefined> {
    const [request, events] = await Promise.all([
      this.deps.queries.get(requestId),
      this.deps.queries.audit(requestId),
    ]);
    return request && { request, events };
  }

  private async waitingFor(userId: string, offset: number): Promise<Waiting> {
    const check = await this.deps.policy.approver(userId);
    if (!check.ok) {
      return check.reason === 'not_approver'
        ? { kind: 'not_approver' }
        : { kind: 'unavailable', detail: check.detail };
    }
    const except = { exceptFirstApprover: userId, ...(check.ownToo ? {} : { exceptRequester: userId }) };
    const listed = await listing(this.limits.waiting, offset, (n, from) =>
      this.deps.queries.listPendingApproval(n, { ...except, offset: from }),
    );
    return { kind: 'listed', ...listed };
  }
}

/**
 * Up to `limit` requests from the `offset`-th, reading one more to know whether there are more. A page
 * past the end (what it listed was decided meanwhile) starts again from the first.
 */
async function listing(
  limit: number,
  offset: number,
  read: (n: number, offset: number) => Promise<OrderRequest[]>,
): Promise<Listing> {
  let from = Math.max(0, Math.floor(offset));
  let requests = await read(limit + 1, from);
  if (requests.length === 0 && from > 0) {
    from = 0;
    requests = await read(limit + 1, 0);
  }
  return { requests: requests.slice(0, limit), offset: from, limit, more: requests.length > limit };
}
