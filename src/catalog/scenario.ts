import type {
  BillingCycle,
  BillingModel,
  OperationType,
  PurchaseType,
  ServiceType,
} from '../yeastar/order-body';

/** The slash command a scenario belongs to. */
export type Command = 'renew' | 'purchase';

/** Fields holding a Yeastar ID, kept as a decimal string. */
export type IdField = 'partnerId' | 'billingContactId' | 'planId' | 'serviceId';
export type QuantityField = 'quantity' | 'serviceQuantity';
export type TextField = 'poNumber' | 'note';
/** Fields a person types or picks directly; billing cycle and term come from `Scenario.billing`. */
export type EnteredField = IdField | QuantityField | TextField | 'serialNumber';
/** Every field a request can carry, and so every key a validation error can name. */
export type OrderField = EnteredField | 'billingCycle' | 'multiCycle';

/** Facts the app looks up before validating a renewal (the API refuses any other quantity). */
export type QuantityFact = 'currentQuantity' | 'currentServiceQuantity';

export type QuantityRule =
  /** Renewals: the quantity must be exactly what the account has now. */
  | {
      kind: 'equalsCurrent';
      fact: QuantityFact /** e.g. "the current number of extensions" */;
      current: string;
    }
  /** Purchases: a whole number in a sensible range. */
  | { kind: 'range'; min: number; max: number };

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
  /** Send `connectionPlanId` = the request's `planId` on this line. */
  connectionPlan?: boolean;
}

export interface CycleOption {
  billingCycle: BillingCycle;
  label: string;
  /** Allowed `multiCycle` values; a single value is implied and need not be asked for. */
  terms: readonly number[];
  /** Shown as help and as the error when the term does not fit this cycle. */
  termRule: string;
}

export type Billing =
  | { kind: 'fixed'; billingCycle: BillingCycle; multiCycle: number }
  | { kind: 'chosen'; cycleLabel: string; termLabel: string; options: readonly CycleOption[] };

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
  billingModel: BillingModel;
  billing: Billing;
  /** The inputs the modal shows, in order. A `serialNumber` field means the body carries `productNo`. */
  fields: readonly FieldSpec[];
  lines: readonly LineSpec[];
}

/** The input field that carries a line's `serviceId`. */
export function lineIdField(line: LineSpec): 'planId' | 'serviceId' {
  return line.serviceType === 'plan' ? 'planId' : 'serviceId';
}

/** Whether the row asks the requester for this field (and so whether the body may carry it). */
export function asksFor(scenario: Scenario, name: EnteredField): boolean {
  return scenario.fields.some((field) => field.name === name);
}
