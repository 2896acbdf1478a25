import { randomInt } from 'node:crypto';
import { account } from './account';
import type { Clock } from './clock';
import type { FaultState } from './faults';
import type { RecordedOrder } from './index';
import type { ValidOrder } from './order-rules';

export interface StoredOrder {
  /** `orderStatus` is the order's status now, as Get Order Details shows it. */
  recorded: RecordedOrder;
  order: ValidOrder;
  /** The status Query Order List shows: it catches up with a change `listLagMs` later. */
  listedStatus: string;
}

/** The statuses a pending order can be settled with, as the guide lists them. */
export const SETTLED_STATUSES = ['succeed', 'failed', 'cancelled', 'invalid', 'refunded'] as const;
export type SettledStatus = (typeof SETTLED_STATUSES)[number];

/** When a placed order enters the book, when Query Order List catches up with it, and whether it awaits payment. */
export type OrderSchedule = Pick<FaultState, 'commitAfterMs' | 'listLagMs' | 'pendingOrders' | 'payAfterMs'>;

/** Two capital letters, as the tutorials' order and transaction numbers start. */
function letters(): string {
  return String.fromCharCode(65 + randomInt(26), 65 + randomInt(26));
}

/** Every order committed, with numbers in the tutorials' formats. */
export class OrderBook {
  private readonly stored: StoredOrder[] = [];
  private readonly inList = new Set<StoredOrder>();
  // Continue from the tutorials' own numbers.
  private nextOrderId = 1782053;
  private nextInstanceId = 1948833;
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  /** Numbers the order at once; it is committed (in the book) `commitAfterMs` later, listed `listLagMs` after that. */
  place(order: ValidOrder, rawBody: string, schedule: OrderSchedule): StoredOrder {
    const orderNo = this.snowflake();
    const recorded: RecordedOrder = {
      orderId: String(this.nextOrderId++),
      orderNo: `${letters()}${orderNo}`,
      transactionNo: `${letters()}${orderNo + 1n}`,
      // A purchase that creates something new gets a new instance, held by the buyer.
      instanceId: order.instance?.instanceId ?? String(this.nextInstanceId++),
      productNo: order.instance?.productNo ?? order.productNo ?? order.partnerId ?? account.ucId,
      productId: order.product.productId,
      operationType: order.operationType,
      orderStatus: schedule.pendingOrders ? 'pending' : 'succeed',
      rawBody,
      createdAt: new Date(),
    };
    if (order.poNumber !== undefined) recorded.poNumber = order.poNumber;
    const entry = { recorded, order, listedStatus: recorded.orderStatus };
    this.clock.at(schedule.commitAfterMs, () => {
      this.stored.push(entry);
      this.clock.at(schedule.listLagMs, () => this.inList.add(entry));
      if (schedule.pendingOrders && schedule.payAfterMs > 0) {
        this.clock.at(schedule.payAfterMs, () => this.settle(recorded.orderNo, 'succeed', schedule));
      }
    });
    return entry;
  }

  /** Committed orders, oldest first. */
  all(): readonly StoredOrder[] {
    return this.stored;
  }

  /** What Query Order List shows: committed orders it has caught up with, oldest first. */
  listed(): StoredOrder[] {
    return this.stored.filter((s) => this.inList.has(s));
  }

  /** Get Order Details takes "the order number or the unique ID of the order". */
  find(idOrOrderNo: string): StoredOrder | undefined {
    return this.stored.find((s) => s.recorded.orderId === idOrOrderNo || s.recorded.orderNo === idOrOrderNo);
  }

  /** A pending order paid (or cancelled…) in the Partner Portal; the list shows it after its lag. */
  settle(orderNo: string, orderStatus: string, schedule: Pick<FaultState, 'listLagMs'>): boolean {
    const stored = this.find(orderNo);
    if (stored?.recorded.orderStatus !== 'pending') return false;
    stored.recorded.orderStatus = orderStatus;
    this.clock.at(schedule.listLagMs, () => {
      stored.listedStatus = orderStatus;
    });
    return true;
  }

  /** A 19-digit time-ordered number like the tutorials' (epoch ms shifted, plus a sequence). */
  private snowflake(): bigint {
    // Even steps: the transaction number takes the odd number after its order number.
    this.sequence = (this.sequence + 2) % 0x100000;
    return (BigInt(Date.now()) << 20n) + BigInt(this.sequence);
  }
}
