import type {
  BillingCycle,
  BillingModel,
  OperationType,
  PurchaseType,
  ServiceType,
} from '../yeastar/order-body';

/** The slash command a scenario belongs to. */
export type Command = 'renew' | 'purchase';

/**
 * Fields holding a Yeastar ID, kept as a decimal string. `connectionPlanId` is never typed: it is the
 * current plan of the PBX or account, which the app looks up (expansions and add-ons hang off it).
 */
export type IdField = 'partnerId' | 'billingContactId' | 'planId' | 'serviceId' | 'connectionPlanId';
export type QuantityField = 'quantity' | 'serviceQuantity';
export type TextField = 'poNumber' | 'note';
/** Fields a person types or picks directly; billing cycle and term come from `Scenario.billing`. */
export type EnteredField = IdField | QuantityField | TextField | 'serialNumber';
/** Every field a request can carry, and so every key a validation error can name. */
export type OrderField = EnteredField | 'billingCycle' | 'multiCycle';

/** Counts the app looks up before validating (the API refuses a renewal of any other quantity). */
export type QuantityFact = 'currentQuantity' | 'currentServiceQuantity';

export type QuantityRule =
  /** Renewals: the quantity must be exactly what the account has now. */
  | {
      kind: 'equalsCurrent';
      fact: QuantityFact /** e.g. "the current number of extensions" */;
      current: string;
    }
  /** Purchases: a whole number in a sensible range. */
  | { kind: 'range'; min: number; max: number }
  /** Expansions: what is added, together with what the current plan has, stays within a limit. */
  | { kind: 'totalUpTo'; fact: QuantityFact; max: number; what: string };

interface FieldBase {
  /** Label the modal shows; also the subject of every validation message for the field. */
  label: string;
  /** Short help text under the input. */
  hint?: string;
  optional?: boolean;
}

export type FieldSpec =
  | (FieldBase & { name: IdField | TextField | 'serialNumber' })
  | (FieldBase & { name: QuantityField; rule: QuantityRule });

/** One `serviceList` line. Its `serviceId` comes from `planId` for a plan line, `serviceId` for a service line. */
export interface LineSpec {
  serviceType: ServiceType;
  /** Input field whose number is sent as this line's `quantity`; absent = the line has no quantity. */
  quantity?: QuantityField;
  /**
   * Send `connectionPlanId` on this line: the plan ordered with it (`planId`), or the current plan it
   * hangs off (`connectionPlanId`, looked up).
   */
  connectionPlan?: 'planId' | 'connectionPlanId';
}

export interface CycleOption {
  billingModel: BillingModel;
  billingCycle: BillingCycle;
  label: string;
  /** Allowed `multiCycle` values; a single value is implied and need not be asked for. */
  terms: readonly number[];
  /** Shown as help and as the error when the term does not fit this cycle. */
  termRule: string;
}

/** The billing fields of every line. One the guide shows no row for is left out of the body. */
export interface Term {
  billingModel?: BillingModel;
  billingCycle?: BillingCycle;
  multiCycle?: number;
}

export type Billing =
  | ({ kind: 'fixed' } & Term)
  | {
      kind: 'chosen';
      cycleLabel: string;
      termLabel: string;
      options: readonly CycleOption[];
      /** A renewal, or a switch that may not change it, keeps the current billing cycle. */
      keepsCycle?: boolean;
    };

/** One supported Yeastar scenario: everything the modal, the validation and the order body need. */
export interface Scenario {
  /** Stable slug, stored with each request. */
  id: string;
  command: Command;
  productId: number;
  /** The guide's product name; a fallback label when the product list cannot be fetched. */
  productName: string;
  /** What the person picks in the modal, e.g. "Renew YCM White Label". */
  label: string;
  description: string;
  operationType: OperationType;
  purchaseType: PurchaseType;
  billing: Billing;
  /** The inputs the modal shows, in order. A `serialNumber` field means the body carries `productNo`. */
  fields: readonly FieldSpec[];
  lines: readonly LineSpec[];
  /** Which of the product's services the row offers, by name (an expansion is not a white label). */
  services?: RegExp;
  /** A service offered only on some plans: "Disaster Recovery is only supported on Ultimate Plan." */
  servicePlan?: { service: RegExp; plan: RegExp; rule: string };
  /** A renewal of a plan must also renew the services held with it ("renew both at the same time"). */
  withHeldServices?: boolean;
  /** The guide's tutorials behind the row (T-numbers of the spec, or a tutorial's file), for the docs. */
  guide: readonly string[];
}

/** A kind of order the guide documents that the app sends to the Partner Portal instead, and why. */
export interface PortalOnly {
  command: Command;
  productId: number;
  what: string;
  why: string;
  guide: readonly string[];
}

/** Rows built on what the PBX or account holds now: expansions, add-ons and switches. */
export function needsCurrentPlan(scenario: Scenario): boolean {
  return asksFor(scenario, 'connectionPlanId') || scenario.purchaseType === 'switch';
}

/** The input field that carries a line's `serviceId`. */
export function lineIdField(line: LineSpec): 'planId' | 'serviceId' {
  return line.serviceType === 'plan' ? 'planId' : 'serviceId';
}

/** Whether the row asks the requester for this field (and so whether the body may carry it). */
export function asksFor(scenario: Scenario, name: EnteredField): boolean {
  return scenario.fields.some((field) => field.name === name);
}
