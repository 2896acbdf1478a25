import {
  BILLING_CYCLES,
  BILLING_MODELS,
  type BillingCycle,
  type BillingModel,
  OPERATION_TYPES,
  type OperationType,
  PURCHASE_TYPES,
  type PurchaseType,
  SERVICE_TYPES,
  type ServiceType,
} from '../../yeastar/order-body';
import { account } from './account';
import { invalidParameter } from './envelope';
import { PURCHASE_TYPE_OF, type Scenario, scenarioFor } from './order-scenarios';
import type { InstanceSeed, ProductSeed } from './seed';

/** A line of a validated order; IDs are exact decimal text. */
export interface OrderLine {
  serviceType: ServiceType;
  serviceId: string;
  connectionPlanId?: string;
  quantity?: number;
  purchaseType: PurchaseType;
  billingModel: BillingModel;
  billingCycle: BillingCycle;
  multiCycle: number;
}

export interface ValidOrder {
  operationType: OperationType;
  product: ProductSeed;
  productNo?: string;
  billingId: string;
  /** The subordinate user the order is for; absent when it is for the account itself. */
  partnerId?: string;
  poNumber?: string;
  lines: OrderLine[];
  /** The instance the order applies to, when one exists already. */
  instance?: InstanceSeed;
}

type Json = Record<string, unknown>;
const MAX_PO_NUMBER = 64;

function fail(field: string, tag: string, message: string): never {
  throw invalidParameter(field, tag, message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The exact decimal text of a JSON integer. The body is parsed losslessly, so long IDs arrive as bigint. */
function exactInteger(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function requiredInteger(obj: Json, key: string, field: string): string {
  const value = obj[key];
  if (value === undefined || value === null) fail(field, 'required', `${field} is required`);
  const digits = exactInteger(value);
  if (digits === undefined)
    fail(field, 'integer', `${field} must be a JSON integer, got ${JSON.stringify(String(value))}`);
  return digits;
}

function oneOf<T extends string>(obj: Json, key: string, values: readonly T[], field: string): T {
  const value = obj[key];
  if (value === undefined || value === null) fail(field, 'required', `${field} is required`);
  if (!values.includes(value as T)) {
    fail(field, 'oneof', `${field} ${JSON.stringify(value)} is not one of ${values.join(', ')}`);
  }
  return value as T;
}

function optionalString(obj: Json, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(key, 'string', `${key} must be a string`);
  return value;
}

function productOf(body: Json): ProductSeed {
  const productId = Number(requiredInteger(body, 'productId', 'productId'));
  const product = account.product(productId);
  if (!product)
    fail('productId', 'unknown', `productId ${productId} is not a product this account can order`);
  return product;
}

function billingIdOf(body: Json): string {
  const billingId = requiredInteger(body, 'billingId', 'billingId');
  if (!account.contact(billingId)) {
    fail('billingId', 'unknown', `billingId ${billingId} is not a billing contact of this account`);
  }
  return billingId;
}

function partnerIdOf(body: Json): string | undefined {
  const value = body.partnerId;
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' ? value : exactInteger(value);
  const user = id === undefined ? undefined : account.user(id);
  if (!user)
    fail('partnerId', 'unknown', `partnerId ${String(value)} is not a subordinate user of this account`);
  return user.partnerId;
}

function poNumberOf(body: Json): string | undefined {
  const poNumber = optionalString(body, 'poNumber');
  if (poNumber !== undefined && poNumber.length > MAX_PO_NUMBER) {
    fail('poNumber', 'max', `poNumber must be at most ${MAX_PO_NUMBER} characters`);
  }
  return poNumber;
}

function lineOf(raw: unknown, f: string, product: ProductSeed): OrderLine {
  if (!isObject(raw)) fail(f, 'object', `${f} must be an object`);
  const serviceType = oneOf(raw, 'serviceType', SERVICE_TYPES, `${f}.serviceType`);
  const serviceId = requiredInteger(raw, 'serviceId', `${f}.serviceId`);
  if (!account.offer(product, serviceType, serviceId)) {
    fail(
      `${f}.serviceId`,
      'unknown',
      `${f}.serviceId ${serviceId} is not a ${serviceType} of product ${product.productId} (${product.name})`,
    );
  }
  const line: OrderLine = {
    serviceType,
    serviceId,
    purchaseType: oneOf(raw, 'purchaseType', PURCHASE_TYPES, `${f}.purchaseType`),
    billingModel: oneOf(raw, 'billingModel', BILLING_MODELS, `${f}.billingModel`),
    billingCycle: oneOf(raw, 'billingCycle', BILLING_CYCLES, `${f}.billingCycle`),
    multiCycle: Number(requiredInteger(raw, 'multiCycle', `${f}.multiCycle`)),
  };
  if (line.multiCycle < 0 || line.multiCycle > 5) {
    fail(`${f}.multiCycle`, 'range', `${f}.multiCycle must be an integer from 0 to 5`);
  }
  if (raw.quantity !== undefined) {
    const quantity = exactInteger(raw.quantity);
    if (quantity === undefined || Number(quantity) < 1) {
      fail(`${f}.quantity`, 'min', `${f}.quantity must be a positive integer`);
    }
    line.quantity = Number(quantity);
  }
  if (raw.connectionPlanId !== undefined) {
    const planId = requiredInteger(raw, 'connectionPlanId', `${f}.connectionPlanId`);
    if (!account.offer(product, 'plan', planId)) {
      fail(
        `${f}.connectionPlanId`,
        'unknown',
        `${f}.connectionPlanId ${planId} is not a plan of product ${product.productId}`,
      );
    }
    line.connectionPlanId = planId;
  }
  return line;
}

function linesOf(body: Json, product: ProductSeed): OrderLine[] {
  const list = body.serviceList;
  if (!Array.isArray(list) || list.length === 0) {
    fail('serviceList', 'required', 'serviceList must be a non-empty array of plan and service lines');
  }
  return list.map((raw, i) => lineOf(raw, `serviceList[${i}]`, product));
}

/** purchase_* lines are purchases, renew_* lines renewals; *_plan carries a plan, *_service only services. */
function checkOperation(operationType: OperationType, lines: OrderLine[]): void {
  const expected = PURCHASE_TYPE_OF[operationType];
  lines.forEach((line, i) => {
    if (line.purchaseType !== expected) {
      fail(
        `serviceList[${i}].purchaseType`,
        'eq',
        `serviceList[${i}].purchaseType must be ${expected} for operationType ${operationType}`,
      );
    }
  });
  if (operationType.endsWith('_plan') && !lines.some((l) => l.serviceType === 'plan')) {
    fail('serviceList', 'plan', `operationType ${operationType} needs a plan line in serviceList`);
  }
  if (operationType.endsWith('_service')) {
    const i = lines.findIndex((l) => l.serviceType === 'plan');
    if (i >= 0) {
      fail(
        `serviceList[${i}].serviceType`,
        'eq',
        `serviceList[${i}].serviceType must be service for operationType ${operationType}`,
      );
    }
  }
}

/** A service renewed or bought with its plan names that plan's ID as connectionPlanId. */
function checkConnectionPlans(lines: OrderLine[]): void {
  const plan = lines.find((l) => l.serviceType === 'plan');
  lines.forEach((line, i) => {
    if (plan && line.connectionPlanId !== undefined && line.connectionPlanId !== plan.serviceId) {
      const f = `serviceList[${i}].connectionPlanId`;
      fail(f, 'eq', `${f} ${line.connectionPlanId} must equal the plan line's serviceId ${plan.serviceId}`);
    }
  });
}

/** The device named by productNo; products sold per PBX require one. */
function deviceOf(product: ProductSeed, productNo: string | undefined): InstanceSeed | undefined {
  const label = `product ${product.productId} (${product.name})`;
  if (productNo === undefined) {
    if (product.perDevice)
      fail('productNo', 'required', `productNo (PBX serial number) is required for ${label}`);
    return undefined;
  }
  const device = account.instance(product.productId, productNo);
  if (!device)
    fail('productNo', 'unknown', `productNo ${productNo} is not an instance of this account for ${label}`);
  return device;
}

function checkScenario(scenario: Scenario, lines: OrderLine[]): void {
  const { term } = scenario;
  const where = `for ${scenario.operationType} of product ${scenario.productId}`;
  lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    if (line.billingModel !== term.billingModel) {
      fail(`${f}.billingModel`, 'eq', `${f}.billingModel must be ${term.billingModel} ${where}`);
    }
    const cycles = term.cycles[line.billingCycle];
    if (!cycles) {
      const allowed = Object.keys(term.cycles).join(' or ');
      fail(`${f}.billingCycle`, 'oneof', `${f}.billingCycle must be ${allowed} ${where}`);
    }
    if (!cycles.includes(line.multiCycle)) {
      const allowed = cycles.length === 1 ? String(cycles[0]) : `one of ${cycles.join(', ')}`;
      fail(
        `${f}.multiCycle`,
        'oneof',
        `${f}.multiCycle must be ${allowed} when billingCycle is ${line.billingCycle} ${where}`,
      );
    }
    if (scenario.quantityRequired && line.quantity === undefined) {
      fail(`${f}.quantity`, 'required', `${f}.quantity is required ${where}`);
    }
  });
}

/**
 * A renewal renews what the account the order is for holds now, at its current count ("the value must be
 * exactly the same as the current number of extensions"). Returns the renewed instance.
 */
function renewedInstance(order: ValidOrder): InstanceSeed | undefined {
  const { product, partnerId, productNo } = order;
  const holder = partnerId === undefined ? 'this account' : `subordinate user ${partnerId}`;
  const held = account
    .instancesOwnedBy(product.productId, partnerId)
    .filter((i) => productNo === undefined || i.productNo === productNo);
  let renewed: InstanceSeed | undefined;
  order.lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    const name = account.offer(product, line.serviceType, line.serviceId)?.name;
    const current = held.find(
      (h) => (line.serviceType === 'plan' ? h.planId : h.serviceId) === line.serviceId,
    );
    if (!current) {
      fail(
        `${f}.serviceId`,
        'renewable',
        `${f}.serviceId ${line.serviceId} (${name}) is not a current ${line.serviceType} of ${holder} for product ${product.productId}, so it cannot be renewed`,
      );
    }
    if (current.quantity !== undefined && line.quantity !== undefined && line.quantity !== current.quantity) {
      fail(
        `${f}.quantity`,
        'eq',
        `${f}.quantity ${line.quantity} must equal the current count of ${name} for ${holder} (${current.quantity})`,
      );
    }
    renewed ??= current;
  });
  return renewed;
}

/** Enforces the documented Create an Order rules; the first problem found is thrown as a 400. */
export function validateOrder(body: unknown): ValidOrder {
  if (!isObject(body)) fail('body', 'object', 'request body must be a JSON object');
  const operationType = oneOf(body, 'operationType', OPERATION_TYPES, 'operationType');
  const product = productOf(body);
  const order: ValidOrder = {
    operationType,
    product,
    billingId: billingIdOf(body),
    partnerId: partnerIdOf(body),
    poNumber: poNumberOf(body),
    productNo: optionalString(body, 'productNo'),
    lines: linesOf(body, product),
  };
  checkOperation(operationType, order.lines);
  checkConnectionPlans(order.lines);
  const device = deviceOf(product, order.productNo);
  const scenario = scenarioFor(product.productId, operationType);
  if (scenario) checkScenario(scenario, order.lines);
  order.instance = PURCHASE_TYPE_OF[operationType] === 'renew' ? renewedInstance(order) : device;
  order.instance ??= account.instancesOwnedBy(product.productId, order.partnerId)[0];
  return order;
}
