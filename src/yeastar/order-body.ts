/**
 * The Create an Order request body (`POST /order/openapi/order/v1/save`), as the five tutorials send it.
 * IDs typed Long by the API are `bigint` here so that `stringifyJson` writes them as raw JSON integers.
 */
export const OPERATION_TYPES = [
  'trial_plan',
  'trial_service',
  'purchase_plan',
  'purchase_service',
  'switch_plan',
  'switchTrial_plan',
  'renew_plan',
  'renew_service',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const SERVICE_TYPES = ['plan', 'service'] as const;
export const PURCHASE_TYPES = ['purchase', 'renew', 'trial', 'switch'] as const;
export const BILLING_MODELS = ['recurring', 'once'] as const;
export const BILLING_CYCLES = ['monthly', 'annually', 'once'] as const;

export type ServiceType = (typeof SERVICE_TYPES)[number];
export type PurchaseType = (typeof PURCHASE_TYPES)[number];
export type BillingModel = (typeof BILLING_MODELS)[number];
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export interface ServiceLine {
  serviceType: ServiceType;
  serviceId: bigint;
  /** The plan a service hangs off: the one ordered with it, or the current one (expansions, add-ons). */
  connectionPlanId?: bigint;
  quantity?: number;
  purchaseType: PurchaseType;
  /** Left out where the guide shows no row for them (trials). */
  billingModel?: BillingModel;
  billingCycle?: BillingCycle;
  multiCycle?: number;
}

export interface CreateOrderBody {
  operationType: OperationType;
  /** PBX serial number, where the order targets an existing device. */
  productNo?: string;
  productId: number;
  /** Subordinate user the order is for; the tutorials name it `partnerId` (a string ID). */
  partnerId?: string;
  /** Left out of trials, whose pages list no billingId. */
  billingId?: bigint;
  /** Purchase-order number; also the app's reconciliation reference. */
  poNumber?: string;
  serviceList: ServiceLine[];
}
