import type { CreateOrderBody } from '../catalog';
import type { Logger } from '../logger';
import type { Deadline } from '../orders/deadline';
import type { PartnerPrices } from '../orders/ports';
import { addAmounts, type Price, UNAVAILABLE } from '../orders/price';
import type { PartnerApiClient, PricingStage } from './client';
import type { PurchaseType, ServiceLine } from './order-body';
import type { PriceInfo } from './schemas';

/**
 * A switch has no information endpoint of its own: it is priced as a subscription to the plan switched
 * to (`purchase/plan_info`), which is what the order buys.
 */
const STAGE: Record<PurchaseType, PricingStage> = {
  trial: 'trial',
  purchase: 'purchase',
  renew: 'renew',
  switch: 'purchase',
};

/** What an answer may say it priced; each one it says must be the line's. */
const ECHOED = ['billingCycle', 'multiCycle', 'quantity'] as const;

/** What a price depends on: the product, where it is held, and every line. */
function quoteKey(order: CreateOrderBody, heldOn: string | undefined): string {
  return JSON.stringify([order.productId, order.productNo, order.serviceList, heldOn], (_, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/**
 * The workflow's `PartnerPrices` port: one plan or add-on information call per serviceList line, all
 * within one deadline (at most `deadlineMs`), added up when every line was read in one currency. The same
 * quote asked again while it is being read (50 approvers clicking Approve on one request) shares that
 * read, which is as fresh, when it ends within the asker's deadline.
 */
export class PartnerApiPrices implements PartnerPrices {
  private readonly reading = new Map<string, { deadline: Deadline; price: Promise<Price> }>();

  constructor(
    private readonly client: PartnerApiClient,
    private readonly options: { deadlineMs: number; logger?: Logger },
  ) {}

  async price(order: CreateOrderBody, deadline: Deadline, heldOn?: string): Promise<Price> {
    const bound = deadline.within(this.options.deadlineMs);
    const key = quoteKey(order, heldOn);
    const shared = this.reading.get(key);
    if (shared?.deadline.endsBy(bound)) return shared.price;
    const price = this.read(order, bound, heldOn);
    this.reading.set(key, { deadline: bound, price });
    try {
      return await price;
    } finally {
      if (this.reading.get(key)?.price === price) this.reading.delete(key);
    }
  }

  private async read(order: CreateOrderBody, bound: Deadline, heldOn: string | undefined): Promise<Price> {
    let lines: PriceInfo[];
    try {
      lines = await Promise.all(order.serviceList.map((line) => this.line(order, line, bound, heldOn)));
    } catch (err) {
      return this.unavailable(order, err instanceof Error ? err.message : String(err));
    }
    const currencies = new Set(lines.map((l) => l.currency));
    const [currency] = currencies;
    if (currency === undefined || currencies.size > 1) {
      return this.unavailable(order, 'the lines are not priced in one currency');
    }
    return { status: 'read', amount: addAmounts(lines.map((l) => l.price)), currency };
  }

  private async line(
    order: CreateOrderBody,
    line: ServiceLine,
    deadline: Deadline,
    heldOn: string | undefined,
  ): Promise<PriceInfo> {
    const stage = STAGE[line.purchaseType];
    const kind = line.serviceType === 'plan' ? 'plan_info' : 'add_on_info';
    const info = await this.client.getPriceInfo(
      { stage, kind, id: line.serviceId.toString() },
      {
        productId: order.productId,
        // The renewal endpoints require it: an account-level renewal names where it is held.
        productNo: order.productNo ?? (stage === 'renew' ? heldOn : undefined),
        // The guide documents it on the trial and subscription add-on endpoints only.
        connectionPlanId:
          kind === 'add_on_info' && stage !== 'renew' ? line.connectionPlanId?.toString() : undefined,
        // [RECON] What the line orders, so that the answer prices it rather than one unit of one cycle.
        quantity: line.quantity,
        billingCycle: line.billingCycle,
        multiCycle: line.multiCycle,
      },
      { timeoutMs: deadline.remainingMs() },
    );
    // A line without a quantity orders one.
    const ordered = { ...line, quantity: line.quantity ?? 1 };
    const other = ECHOED.find(
      (f) => info[f] !== undefined && ordered[f] !== undefined && info[f] !== ordered[f],
    );
    if (other) throw new Error(`Yeastar priced another ${other} than the order's`);
    return info;
  }

  private unavailable(order: CreateOrderBody, cause: string): Price {
    // The client's errors carry no secret; the message says which call and why.
    this.options.logger?.warn({ productId: order.productId, cause }, 'price not available from Yeastar');
    return UNAVAILABLE;
  }
}
