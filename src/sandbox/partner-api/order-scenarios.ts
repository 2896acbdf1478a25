import type { BillingCycle, BillingModel, OperationType, PurchaseType } from '../../yeastar/order-body';

/**
 * The Create an Order scenarios of the Yeastar Partner Portal guide (tutorials T1–T35, and the five whose
 * bodies are reproduced verbatim), written from the guide's parameter tables, never from the app's catalog.
 * Where a table cuts a value off, the documented enums decide (docs/partner-api-notes.md lists each choice).
 */

/** The billing terms a line may carry: its billing models, and the multiCycle values per billing cycle. */
export interface Term {
  billingModels: readonly BillingModel[];
  /**
   * Billing fields the page shows no row for: a line may leave them out, unless the
   * `unshownBillingRequired` switch says the real API wants them anyway.
   */
  unshown?: readonly ('billingModel' | 'billingCycle' | 'multiCycle')[];
  /** A billing cycle missing here is refused for the scenario. */
  cycles: Partial<Record<BillingCycle, readonly number[]>>;
}

/** What a scenario asks of its plan lines or of its service lines. */
export interface LineRule {
  term: Term;
  /** Present: quantity is required, within the bounds given. */
  quantity?: {
    min?: number;
    max?: number;
    /** T18: "Specify the current number of extensions" of the PBX. */
    equalsExtensions?: true;
  };
  /**
   * `withPlan`: required on a service ordered with its plan ("required only when you … both plan and
   * service"). `current`: required, and the plan the PBX or account holds now ("Specify the current
   * subscription plan"). Absent: optional. Whenever given with a plan line, it equals that line's serviceId.
   */
  connectionPlan?: 'withPlan' | 'current';
}

export interface Scenario {
  /** The guide's tutorial, as spec/guide-tutorials.md numbers them. */
  tutorial: string;
  productId: number;
  operationType: OperationType;
  /** The services it orders, by name, where several tutorials share a product and an operation. */
  services?: readonly string[];
  /** The line types it carries; a line of another type is refused. */
  plan?: LineRule;
  service?: LineRule;
  /** The PBX serial number: `required`, or `optional` (a new software or cloud PBX has none yet). */
  productNo?: 'required' | 'optional';
  /**
   * Trials: the tutorials list no billingId row although the body table marks it required. Accepted
   * without one, unless the `trialsNeedBillingId` switch takes the table's word.
   */
  billingIdOptional?: true;
  /** T2, T11, T16: switching to a higher plan "you can NOT change the interval of recurring billing". */
  keepCycleOnUpgrade?: true;
  /** T10, T15: "subscribed to both plan and service, you will need to renew both of them at the same time". */
  renewTogether?: true;
  /** T34: additional connections extend a subscription the owner holds. */
  extendsHeld?: true;
  /** T12: "Disaster Recovery is only supported on Ultimate Plan": service name → the plan it needs. */
  onlyOnPlan?: Readonly<Record<string, string>>;
  /** T14, T17: "A maximum number of 500 extensions is supported on a Cloud PBX"; `adds` are the services that add extensions. */
  maxExtensions?: { max: number; adds: readonly string[] };
  /** T14: orderPceSpecialRequest "is required only when purchasing a P-Series Cloud Edition". */
  pceRequest?: true;
}

const YEARS = [1, 2, 3, 4, 5];
/** Monthly billing has no multi-cycle; annual billing runs for 1 to 5 years. */
const MONTHLY_OR_YEARS: Term = { billingModels: ['recurring'], cycles: { monthly: [0], annually: YEARS } };
const YEARLY: Term = { billingModels: ['recurring'], cycles: { annually: YEARS } };
/** annually with multiCycle 0: the term of the renewals and RM Premium purchases whose tables show it. */
const ONE_YEAR: Term = { billingModels: ['recurring'], cycles: { annually: [0] } };
/** T26: "fixed at 1". */
const ANNUALLY_ONE: Term = { billingModels: ['recurring'], cycles: { annually: [1] } };
/** T6, T7: a one-off payment. */
const ONCE: Term = { billingModels: ['once'], cycles: { once: [0] } };
/** T25: billed once with multiCycle 0; the page has no billingModel row. */
const ONCE_NO_MODEL: Term = { ...ONCE, unshown: ['billingModel'] };
/** Billing rows cut or missing: whatever the enums allow (once goes with once, see checkTerm). */
const ANY: Term = {
  billingModels: ['recurring', 'once'],
  cycles: { monthly: [0], annually: YEARS, once: [0] },
};
/** Trials: multiCycle 0 (T19, T23, T33); their billing model and cycle are not shown. */
const TRIAL: Term = {
  billingModels: ['recurring', 'once'],
  cycles: { monthly: [0], annually: [0], once: [0] },
  unshown: ['billingModel', 'billingCycle'],
};
/** T29 shows no multiCycle row either. */
const TRIAL_NO_TERM: Term = { ...TRIAL, unshown: ['billingModel', 'billingCycle', 'multiCycle'] };

const withPlan = 'withPlan' as const;
const current = 'current' as const;
const required = {};
const device = 'required' as const;

export const SCENARIOS: readonly Scenario[] = [
  // Linkus Cloud Service (9)
  { tutorial: 'T1', productId: 9, operationType: 'purchase_plan', productNo: device, plan: { term: YEARLY } },
  {
    tutorial: 'T2',
    productId: 9,
    operationType: 'switch_plan',
    productNo: device,
    plan: { term: YEARLY },
    keepCycleOnUpgrade: true,
  },
  // P-Series Appliance Edition (11); the appliance tutorial's body is T3's.
  {
    tutorial: 'T3',
    productId: 11,
    operationType: 'purchase_plan',
    productNo: device,
    plan: { term: MONTHLY_OR_YEARS },
  },
  {
    tutorial: 'T4',
    productId: 11,
    operationType: 'renew_plan',
    productNo: device,
    plan: { term: MONTHLY_OR_YEARS },
  },
  {
    tutorial: 'T5',
    productId: 11,
    operationType: 'switch_plan',
    productNo: device,
    plan: { term: MONTHLY_OR_YEARS },
  },
  {
    tutorial: 'T6',
    productId: 11,
    operationType: 'purchase_service',
    services: ['Hotel Module'],
    productNo: device,
    service: { term: ONCE },
  },
  {
    tutorial: 'T7',
    productId: 11,
    operationType: 'purchase_service',
    services: ['Hotel PMS Integration'],
    productNo: device,
    service: { term: ONCE },
  },
  // P-Series Software Edition (12)
  {
    tutorial: 'T8',
    productId: 12,
    operationType: 'trial_plan',
    // No productNo row: a trial license makes a new PBX.
    productNo: 'optional',
    plan: { term: TRIAL },
    service: { term: TRIAL, connectionPlan: withPlan },
    billingIdOptional: true,
  },
  {
    tutorial: 'T9',
    productId: 12,
    operationType: 'purchase_plan',
    productNo: 'optional',
    plan: { term: MONTHLY_OR_YEARS, quantity: required },
    service: { term: MONTHLY_OR_YEARS },
  },
  {
    tutorial: 'T10',
    productId: 12,
    operationType: 'renew_plan',
    productNo: device,
    plan: { term: ANY, quantity: required },
    // "the current number of extensions" is the plan's; a flat-rate service has no count.
    service: { term: ANY },
    renewTogether: true,
  },
  {
    tutorial: 'T11',
    productId: 12,
    operationType: 'switch_plan',
    productNo: device,
    plan: { term: YEARLY },
    keepCycleOnUpgrade: true,
  },
  {
    tutorial: 'T12',
    productId: 12,
    operationType: 'purchase_service',
    services: ['Hot Standby', 'Disaster Recovery', 'Hotel PMS Integration', 'Outbound Call Center'],
    productNo: device,
    service: { term: YEARLY, connectionPlan: current },
    onlyOnPlan: { 'Disaster Recovery': 'Ultimate Plan' },
  },
  {
    tutorial: 'T13',
    productId: 12,
    operationType: 'purchase_service',
    services: ['Extension Expansion', 'Concurrent Call Expansion'],
    productNo: device,
    service: { term: MONTHLY_OR_YEARS, quantity: required, connectionPlan: current },
  },
  // P-Series Cloud Edition, PCE Instance (13)
  {
    tutorial: 'T14',
    productId: 13,
    operationType: 'purchase_plan',
    productNo: 'optional',
    plan: { term: ANY, quantity: { min: 5, max: 500 } },
    service: { term: ANY, quantity: required, connectionPlan: withPlan },
    maxExtensions: { max: 500, adds: ['Extension Expansion'] },
    pceRequest: true,
  },
  {
    tutorial: 'T15',
    productId: 13,
    operationType: 'renew_plan',
    productNo: device,
    plan: { term: ANY, quantity: required },
    service: { term: ANY },
    renewTogether: true,
  },
  {
    tutorial: 'T16',
    productId: 13,
    operationType: 'switch_plan',
    productNo: device,
    plan: { term: MONTHLY_OR_YEARS },
    keepCycleOnUpgrade: true,
  },
  {
    tutorial: 'T17',
    productId: 13,
    operationType: 'purchase_service',
    services: ['Extension Expansion', 'Recording Minutes'],
    productNo: device,
    service: { term: ANY, quantity: required, connectionPlan: current },
    maxExtensions: { max: 500, adds: ['Extension Expansion'] },
  },
  {
    tutorial: 'T18',
    productId: 13,
    operationType: 'purchase_service',
    services: ['High Availability'],
    productNo: device,
    service: { term: MONTHLY_OR_YEARS, quantity: { equalsExtensions: true }, connectionPlan: current },
  },
  // P-Series Turnkey Package (14); the Turnkey renewal tutorial's body is T22's.
  {
    tutorial: 'T19',
    productId: 14,
    operationType: 'trial_plan',
    plan: { term: TRIAL },
    service: { term: TRIAL },
    billingIdOptional: true,
  },
  {
    tutorial: 'T20',
    productId: 14,
    operationType: 'purchase_plan',
    plan: { term: MONTHLY_OR_YEARS, quantity: required },
    service: { term: MONTHLY_OR_YEARS, quantity: required },
  },
  {
    tutorial: 'T21',
    productId: 14,
    operationType: 'purchase_service',
    service: { term: ANY, quantity: required, connectionPlan: current },
  },
  {
    tutorial: 'T22',
    productId: 14,
    operationType: 'renew_plan',
    plan: { term: ONE_YEAR, quantity: required },
    service: { term: ONE_YEAR, quantity: required },
  },
  // Remote Management (15)
  {
    tutorial: 'T23',
    productId: 15,
    operationType: 'trial_plan',
    plan: { term: TRIAL },
    billingIdOptional: true,
  },
  {
    tutorial: 'T24',
    productId: 15,
    operationType: 'purchase_plan',
    plan: { term: MONTHLY_OR_YEARS, quantity: required },
    // The billing rows are cut after "For Remote Management Account, th…": the service's may differ.
    service: { term: ANY, quantity: required, connectionPlan: withPlan },
  },
  {
    tutorial: 'T25',
    productId: 15,
    operationType: 'purchase_service',
    service: { term: ONCE_NO_MODEL, quantity: required, connectionPlan: current },
  },
  { tutorial: 'T26', productId: 15, operationType: 'renew_plan', plan: { term: ANNUALLY_ONE } },
  // Add-on Service (19); the YCM White Label tutorial's body is T31's.
  {
    tutorial: 'T27',
    productId: 19,
    operationType: 'purchase_service',
    services: ['PCE White Label'],
    service: { term: ANY },
  },
  {
    tutorial: 'T28',
    productId: 19,
    operationType: 'purchase_service',
    services: ['PSE White Label'],
    service: { term: ANY, quantity: required },
  },
  {
    tutorial: 'T29',
    productId: 19,
    operationType: 'trial_service',
    services: ['PSE White Label'],
    service: { term: TRIAL_NO_TERM },
    billingIdOptional: true,
  },
  {
    tutorial: 'T30',
    productId: 19,
    operationType: 'renew_service',
    services: ['PSE White Label'],
    service: { term: ANY },
  },
  {
    tutorial: 'T31',
    productId: 19,
    operationType: 'renew_service',
    services: ['YCM White Label'],
    service: { term: ONE_YEAR },
  },
  // RM Premium: product 20 on its purchase page, 21 on the others (T32 is the RM Premium purchase tutorial).
  {
    tutorial: 'T32',
    productId: 20,
    operationType: 'purchase_service',
    service: { term: ONE_YEAR, quantity: required },
  },
  {
    tutorial: 'T33',
    productId: 21,
    operationType: 'trial_service',
    service: { term: TRIAL },
    billingIdOptional: true,
  },
  {
    tutorial: 'T34',
    productId: 21,
    operationType: 'purchase_service',
    service: { term: ONE_YEAR, quantity: required },
    extendsHeld: true,
  },
  // T35's page says "fixed at trial_service"; a doc error: its tutorial's body sends renew_service.
  {
    tutorial: 'T35',
    productId: 21,
    operationType: 'renew_service',
    service: { term: ONE_YEAR, quantity: required },
  },
];

/** The scenarios documented for a product and operation, one per tutorial. */
export function scenariosFor(productId: number, operationType: OperationType): Scenario[] {
  return SCENARIOS.filter((s) => s.productId === productId && s.operationType === operationType);
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
