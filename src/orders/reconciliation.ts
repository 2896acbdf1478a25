import { Deadline } from './deadline';
import { describeError } from './describe-error';
import { carries, type Judgement, judge, type Search, sentPoNumber } from './evidence';
import type { OrderRequest } from './model';
import type { PartnerOrders, RequestStore } from './ports';

export interface ReconciliationLimits {
  /** Pages of Query Order List read before the search gives up proving anything by absence. */
  maxPages: number;
  /** Limit of each page's call. */
  pageTimeoutMs: number;
}

export type Lookup = Judgement | { kind: 'lookup_failed'; reason: string };

export const DEFAULT_RECONCILIATION_LIMITS: ReconciliationLimits = { maxPages: 50, pageTimeoutMs: 10_000 };

/**
 * Looks a request's order up in Query Order List by what its body carried, and says what the list proves
 * (see evidence.ts). It changes nothing: the workflow acts on the answer.
 */
export class Reconciliation {
  constructor(
    private readonly deps: {
      store: Pick<RequestStore, 'knownOrders'>;
      partner: Pick<PartnerOrders, 'listOrders'>;
      limits?: ReconciliationLimits;
    },
  ) {}

  async lookUp(request: OrderRequest): Promise<Lookup> {
    const sought = { reference: request.reference, poNumber: sentPoNumber(request.orderBody) };
    let search: Search;
    try {
      search = await this.read((orders) => orders.some((o) => carries(o, sought)));
    } catch (err) {
      return {
        kind: 'lookup_failed',
        reason: `the order list could not be read (${describeError(err).message})`,
      };
    }
    const known = await this.deps.store.knownOrders(search.orders.map((o) => o.orderNo));
    return judge(search, sought, known);
  }

  /** Pages from the first until `done` holds, the list ends, or the page limit is reached. */
  private async read(done: (orders: Search['orders']) => boolean): Promise<Search> {
    const { maxPages, pageTimeoutMs } = this.deps.limits ?? DEFAULT_RECONCILIATION_LIMITS;
    const orders: Search['orders'] = [];
    for (let pageNo = 1; pageNo <= maxPages; pageNo++) {
      const page = await this.deps.partner.listOrders(pageNo, Deadline.after(pageTimeoutMs));
      orders.push(...page.orders);
      if (page.last || page.orders.length === 0) return { orders, complete: true };
      if (done(page.orders)) return { orders, complete: false };
    }
    return { orders, complete: false };
  }
}
