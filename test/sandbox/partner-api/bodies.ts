import { jsonInteger, stringifyJson } from '../../../src/yeastar/json';
import type {
  BillingCycle,
  BillingModel,
  OperationType,
  PurchaseType,
  ServiceType,
} from '../../../src/yeastar/order-body';

/** Create an Order bodies for the tests, built as data: IDs are decimal text here, raw JSON integers on the wire. */

export interface Line {
  serviceType: ServiceType;
  serviceId: string;
  quantity?: number;
  connectionPlanId?: string;
  purchaseType: PurchaseType;
  // Optional so that a test can leave one out.
  billingModel?: BillingModel;
  billingCycle?: BillingCycle;
  multiCycle?: number;
}

export interface Order {
  operationType: OperationType;
  productId: number;
  productNo?: string;
  partnerId?: string;
  assignId?: string;
  billingId?: string;
  serviceList: Line[];
  orderPceSpecialRequest?: Record<string, string>;
}

export type Term = readonly [BillingModel, BillingCycle, number];
export const YEAR: Term = ['recurring', 'annually', 1];
export const ANNUAL_0: Term = ['recurring', 'annually', 0];
export const MONTH: Term = ['recurring', 'monthly', 0];
export const ONCE: Term = ['once', 'once', 0];

export const BILLING_ID = '3197218168379846218';

export function line(
  serviceType: ServiceType,
  serviceId: string,
  purchaseType: PurchaseType,
  [billingModel, billingCycle, multiCycle]: Term,
  extra: { quantity?: number; connectionPlanId?: string } = {},
): Line {
  return { serviceType, serviceId, ...extra, purchaseType, billingModel, billingCycle, multiCycle };
}

export function orderBody(order: Order): string {
  const id = (value: string | undefined) => (value === undefined ? undefined : jsonInteger(value));
  return stringifyJson({
    ...order,
    billingId: id(order.billingId),
    serviceList: order.serviceList.map((l) => ({
      ...l,
      serviceId: id(l.serviceId),
      connectionPlanId: id(l.connectionPlanId),
    })),
  });
}
