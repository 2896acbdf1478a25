import type { BillingCycle, BillingModel, OperationType, PurchaseType } from '../../yeastar/order-body';

/** The billing terms a scenario allows: its billing model, and the multiCycle values per billing cycle. */
export interface Term {
  billingModel: BillingModel;
  /** A billing cycle missing here is refused for the scenario. */
  cycles: Partial<Record<BillingCycle, readonly number[]>>;
}

/** One tutorial's rules beyond the generic ones, as data. */
export interface Scenario {
  productId: number;
  operationType: OperationType;
  term: Term;
  quantityRequired?: boolean;
}

/** Monthly billing has no multi-cycle; annual billing runs for 1 to 5 years. */
const MONTHLY_OR_YEARS: Term = {
  billingModel: 'recurring',
  cycles: { monthly: [0], annually: [1, 2, 3, 4, 5] },
};
/** The renewals and the RM Premium purchase fix the term at one year: annually with multiCycle 0. */
const ONE_YEAR: Term = { billingModel: 'recurring', cycles: { annually: [0] } };

export const SCENARIOS: readonly Scenario[] = [
  { productId: 11, operationType: 'purchase_plan', term: MONTHLY_OR_YEARS },
  { productId: 14, operationType: 'renew_plan', term: ONE_YEAR, quantityRequired: true },
  { productId: 14, operationType: 'renew_service', term: ONE_YEAR, quantityRequired: true },
  { productId: 19, operationType: 'renew_service', term: ONE_YEAR },
  { productId: 20, operationType: 'purchase_service', term: ONE_YEAR, quantityRequired: true },
  { productId: 21, operationType: 'renew_service', term: ONE_YEAR, quantityRequired: true },
];

export function scenarioFor(productId: number, operationType: OperationType): Scenario | undefined {
  return SCENARIOS.find((s) => s.productId === productId && s.operationType === operationType);
}

/** Every line's purchaseType must agree with the operation. [RECON] switchTrial_plan is assumed to be a switch. */
export const PURCHASE_TYPE_OF: Record<OperationType, PurchaseType> = {
  trial_plan: 'trial',
  trial_service: 'trial',
  purchase_plan: 'purchase',
  purchase_service: 'purchase',
  switch_plan: 'switch',
  switchTrial_plan: 'switch',
  renew_plan: 'renew',
  renew_service: 'renew',
};
