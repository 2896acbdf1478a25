import type { AuditEvent, OrderRequest } from './model';
import type { ApproverPolicy } from './policy';

/** The reads the overview needs; `store/` implements them next to the RequestStore. */
export interface RequestQueries {
  /** A requester's requests, newest first. */
  listRequesterRequests(requesterId: string, limit: number): Promise<OrderRequest[]>;
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
}

/** Some requests of a list, and whether it holds more than these. */
export interface Listing {
  requests: OrderRequest[];
  more: boolean;
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

  async of(userId: string): Promise<Overview> {
    const { queries } = this.deps;
    const [mine, waiting, recent] = await Promise.all([
      listing(this.limits.mine, (n) => queries.listRequesterRequests(userId, n)),
      this.waitingFor(userId),
      listing(this.limits.recent, (n) => queries.listRecentOrders(n)),
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

  private async waitingFor(userId: string): Promise<Waiting> {
    const check = await this.deps.policy.approver(userId);
    if (!check.ok) {
      return check.reason === 'not_approver'
        ? { kind: 'not_approver' }
        : { kind: 'unavailable', detail: check.detail };
    }
    const except = { exceptFirstApprover: userId, ...(check.ownToo ? {} : { exceptRequester: userId }) };
    const listed = await listing(this.limits.waiting, (n) =>
      this.deps.queries.listPendingApproval(n, except),
    );
    return { kind: 'listed', ...listed };
  }
}

/** Up to `limit` requests, reading one more to know whether there are more. */
async function listing(limit: number, read: (n: number) => Promise<OrderRequest[]>): Promise<Listing> {
  const requests = await read(limit + 1);
  return { requests: requests.slice(0, limit), more: requests.length > limit };
}
