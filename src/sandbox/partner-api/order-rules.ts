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
import type { FaultState } from './faults';
import { type LineRule, PURCHASE_TYPE_OF, type Scenario, scenariosFor, type Term } from './order-scenarios';
import type { InstanceSeed, ProductSeed } from './seed';

/** A line of a validated order; IDs are exact decimal text. */
export interface OrderLine {
  serviceType: ServiceType;
  serviceId: string;
  connectionPlanId?: string;
  quantity?: number;
  purchaseType: PurchaseType;
  /** Absent only where the scenario's page shows no row for it (see Term.unshown). */
  billingModel?: BillingModel;
  billingCycle?: BillingCycle;
  multiCycle?: number;
}

export interface ValidOrder {
  operationType: OperationType;
  product: ProductSeed;
  productNo?: string;
  /** Absent only on a trial (see Scenario.billingIdOptional). */
  billingId?: string;
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

function billingIdOf(body: Json, optional: boolean): string | undefined {
  if (optional && (body.billingId === undefined || body.billingId === null)) return undefined;
  const billingId = requiredInteger(body, 'billingId', 'billingId');
  if (!account.contact(billingId)) {
    fail('billingId', 'unknown', `billingId ${billingId} is not a billing contact of this account`);
  }
  return billingId;
}

/** partnerId (the tutorials') or assignId (the body table's; T8: who also gets the activation e-mail). */
function subordinateOf(body: Json, key: 'partnerId' | 'assignId'): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' ? value : exactInteger(value);
  const user = id === undefined ? undefined : account.user(id);
  if (!user) fail(key, 'unknown', `${key} ${String(value)} is not a subordinate user of this account`);
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
    // Whether a line may leave these out depends on its scenario (see checkTerm).
    ...(raw.billingModel !== undefined
      ? { billingModel: oneOf(raw, 'billingModel', BILLING_MODELS, `${f}.billingModel`) }
      : {}),
    ...(raw.billingCycle !== undefined
      ? { billingCycle: oneOf(raw, 'billingCycle', BILLING_CYCLES, `${f}.billingCycle`) }
      : {}),
    ...(raw.multiCycle !== undefined
      ? { multiCycle: Number(requiredInteger(raw, 'multiCycle', `${f}.multiCycle`)) }
      : {}),
  };
  if (line.multiCycle !== undefined && (line.multiCycle < 0 || line.multiCycle > 5)) {
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
  const plans = lines.flatMap((l, i) => (l.serviceType === 'plan' ? [i] : []));
  const extra = operationType.endsWith('_service') ? plans[0] : plans[1];
  if (extra !== undefined) {
    const f = `serviceList[${extra}].serviceType`;
    fail(
      f,
      'eq',
      operationType.endsWith('_service')
        ? `${f} must be service for operationType ${operationType}`
        : `${f}: an order carries one plan line at most`,
    );
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

function offerName(product: ProductSeed, line: Pick<OrderLine, 'serviceType' | 'serviceId'>): string {
  return account.offer(product, line.serviceType, line.serviceId)?.name ?? line.serviceId;
}

/**
 * The guide's scenario for the order: by product and operation, then, where several tutorials share them,
 * by the services ordered. An order the guide documents no scenario for is refused.
 */
function scenarioOf(product: ProductSeed, operationType: OperationType, lines: OrderLine[]): Scenario {
  const label = `product ${product.productId} (${product.name})`;
  const candidates = scenariosFor(product.productId, operationType);
  const [documented] = candidates;
  if (!documented) {
    fail('operationType', 'scenario', `operationType ${operationType} is not documented for ${label}`);
  }
  const services = lines.flatMap((line, i) =>
    line.serviceType === 'service' ? [{ f: `serviceList[${i}].serviceId`, line }] : [],
  );
  const [first] = services;
  if (!first) return documented;
  const covers = (s: Scenario, line: OrderLine) =>
    !s.services || s.services.includes(offerName(product, line));
  const scenario = candidates.find((s) => covers(s, first.line));
  if (!scenario) {
    fail(
      first.f,
      'scenario',
      `${first.f} ${first.line.serviceId} (${offerName(product, first.line)}): ${operationType} of it is not documented for ${label}`,
    );
  }
  for (const { f, line } of services) {
    if (!covers(scenario, line)) {
      fail(
        f,
        'scenario',
        `${f} ${line.serviceId} (${offerName(product, line)}) cannot be ordered in one order with ${offerName(product, first.line)}`,
      );
    }
  }
  return scenario;
}

function whereOf(scenario: Scenario): string {
  return `for ${scenario.operationType} of product ${scenario.productId} (${scenario.tutorial})`;
}

function checkTerm(term: Term, line: OrderLine, f: string, where: string, unshownRequired: boolean): void {
  for (const field of ['billingModel', 'billingCycle', 'multiCycle'] as const) {
    const mayLack = term.unshown?.includes(field) && !unshownRequired;
    if (line[field] === undefined && !mayLack) fail(`${f}.${field}`, 'required', `${f}.${field} is required`);
  }
  if (line.billingModel !== undefined && !term.billingModels.includes(line.billingModel)) {
    fail(`${f}.billingModel`, 'eq', `${f}.billingModel must be ${term.billingModels.join(' or ')} ${where}`);
  }
  if (line.billingCycle === undefined) {
    // No cycle to go by (a trial): the term is one any cycle of the scenario allows.
    const any = [...new Set(Object.values(term.cycles).flat())];
    if (line.multiCycle !== undefined && !any.includes(line.multiCycle)) {
      fail(`${f}.multiCycle`, 'oneof', `${f}.multiCycle must be ${any.join(' or ')} ${where}`);
    }
    return;
  }
  const cycles = term.cycles[line.billingCycle];
  if (!cycles) {
    const allowed = Object.keys(term.cycles).join(' or ');
    fail(`${f}.billingCycle`, 'oneof', `${f}.billingCycle must be ${allowed} ${where}`);
  }
  // The enums pair them: a one-off payment has no billing cycle but once, and once is paid once.
  if (line.billingModel !== undefined && (line.billingModel === 'once') !== (line.billingCycle === 'once')) {
    fail(
      `${f}.billingCycle`,
      'eq',
      `${f}.billingCycle ${line.billingCycle} does not go with billingModel ${line.billingModel}: once goes with once`,
    );
  }
  if (line.multiCycle !== undefined && !cycles.includes(line.multiCycle)) {
    const allowed = cycles.length === 1 ? String(cycles[0]) : `one of ${cycles.join(', ')}`;
    fail(
      `${f}.multiCycle`,
      'oneof',
      `${f}.multiCycle must be ${allowed} when billingCycle is ${line.billingCycle} ${where}`,
    );
  }
}

function checkLine(
  rule: LineRule,
  line: OrderLine,
  f: string,
  where: string,
  withPlan: boolean,
  unshownRequired: boolean,
): void {
  checkTerm(rule.term, line, f, where, unshownRequired);
  const { quantity } = rule;
  if (quantity && line.quantity === undefined) {
    fail(`${f}.quantity`, 'required', `${f}.quantity is required ${where}`);
  }
  if (quantity?.min !== undefined && line.quantity !== undefined && line.quantity < quantity.min) {
    fail(`${f}.quantity`, 'min', `${f}.quantity must be at least ${quantity.min} ${where}`);
  }
  if (quantity?.max !== undefined && line.quantity !== undefined && line.quantity > quantity.max) {
    fail(`${f}.quantity`, 'max', `${f}.quantity must be at most ${quantity.max} ${where}`);
  }
  const needsPlan = rule.connectionPlan === 'current' || (rule.connectionPlan === 'withPlan' && withPlan);
  if (needsPlan && line.serviceType === 'service' && line.connectionPlanId === undefined) {
    const which = rule.connectionPlan === 'current' ? 'the current plan' : "the plan line's serviceId";
    fail(`${f}.connectionPlanId`, 'required', `${f}.connectionPlanId (${which}) is required ${where}`);
  }
}

/** Each line against the rule of its type: the scenario's term, quantity and connectionPlanId. */
function checkLines(scenario: Scenario, lines: OrderLine[], unshownRequired: boolean): void {
  const where = whereOf(scenario);
  const withPlan = lines.some((l) => l.serviceType === 'plan');
  lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    const rule = scenario[line.serviceType];
    if (!rule) {
      const other = line.serviceType === 'plan' ? 'service' : 'plan';
      fail(`${f}.serviceType`, 'eq', `${f}.serviceType must be ${other} ${where}`);
    }
    checkLine(rule, line, f, where, withPlan, unshownRequired);
  });
}

/** T14's orderPceSpecialRequest; its fields are the older copy's rows (the object's definition is not shown). */
function checkPceRequest(body: Json): void {
  const request = body.orderPceSpecialRequest;
  if (!isObject(request)) {
    fail(
      'orderPceSpecialRequest',
      'required',
      'orderPceSpecialRequest (pbxName, regionId, pbxSubDomainId) is required to purchase a P-Series Cloud Edition',
    );
  }
  for (const key of ['pbxName', 'regionId', 'pbxSubDomainId']) {
    const value = request[key];
    const given = (typeof value === 'string' && value !== '') || exactInteger(value) !== undefined;
    if (!given) {
      const f = `orderPceSpecialRequest.${key}`;
      fail(f, 'required', `${f} is required to purchase a P-Series Cloud Edition`);
    }
  }
}

function ownerLabel(owner: string | undefined): string {
  return owner === undefined ? 'this account' : `subordinate user ${owner}`;
}

/** Where the order applies: a PBX (by serial number), or the account it is for; and what is held there. */
interface Place {
  label: string;
  held: InstanceSeed[];
  device?: InstanceSeed;
}

function placeOf(scenario: Scenario, order: ValidOrder): Place {
  const { product, productNo, partnerId } = order;
  const label = `product ${product.productId} (${product.name})`;
  if (productNo === undefined) {
    if (scenario.productNo === 'required')
      fail('productNo', 'required', `productNo (PBX serial number) is required for ${label}`);
    // A new PBX holds nothing yet; an account-level product is held by the account the order is for.
    const held = scenario.productNo ? [] : account.instancesOwnedBy(product.productId, partnerId);
    const owner = ownerLabel(partnerId);
    return { label: scenario.productNo ? `a new PBX for ${owner}` : owner, held };
  }
  const device = account.instance(product.productId, productNo);
  if (!device)
    fail('productNo', 'unknown', `productNo ${productNo} is not an instance of this account for ${label}`);
  if (device.owner !== partnerId) {
    fail(
      'productNo',
      'owner',
      `productNo ${productNo} is held by ${ownerLabel(device.owner)}, not by ${ownerLabel(partnerId)}`,
    );
  }
  const held = account.instancesAt(product.productId, productNo);
  return { label: scenario.productNo ? `PBX ${productNo}` : ownerLabel(partnerId), held, device };
}

function currentPlanOf(place: Place): InstanceSeed | undefined {
  return place.held.find((h) => h.planId !== undefined);
}

function heldLine(place: Place, line: OrderLine): InstanceSeed | undefined {
  return place.held.find((h) => (line.serviceType === 'plan' ? h.planId : h.serviceId) === line.serviceId);
}

/** A renewal renews what is held, at its current count and billing cycle (T4: "you can NOT change the billing cycle"). */
function checkRenewal(scenario: Scenario, order: ValidOrder, place: Place): InstanceSeed | undefined {
  const { product } = order;
  let renewed: InstanceSeed | undefined;
  order.lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    const name = offerName(product, line);
    const current = heldLine(place, line);
    if (!current) {
      fail(
        `${f}.serviceId`,
        'renewable',
        `${f}.serviceId ${line.serviceId} (${name}) is not a current ${line.serviceType} of ${place.label} for product ${product.productId}, so it cannot be renewed`,
      );
    }
    if (current.quantity !== undefined && line.quantity !== undefined && line.quantity !== current.quantity) {
      fail(
        `${f}.quantity`,
        'eq',
        `${f}.quantity ${line.quantity} must equal the current count of ${name} for ${place.label} (${current.quantity})`,
      );
    }
    if (current.billingCycle !== line.billingCycle) {
      fail(
        `${f}.billingCycle`,
        'eq',
        `${f}.billingCycle must stay ${current.billingCycle}, the current billing cycle of ${name} for ${place.label}: a renewal cannot change it`,
      );
    }
    renewed ??= current;
  });
  if (scenario.renewTogether) {
    const missing = place.held.find(
      (h) =>
        h.serviceId !== undefined &&
        h.billingCycle !== 'once' &&
        !order.lines.some((l) => l.serviceId === h.serviceId),
    );
    if (missing?.serviceId !== undefined) {
      const name = offerName(product, { serviceType: 'service', serviceId: missing.serviceId });
      fail(
        'serviceList',
        'together',
        `serviceList must renew ${name} (${missing.serviceId}) too: ${place.label} holds it with its plan, and both are renewed at the same time`,
      );
    }
  }
  return renewed;
}

/** A switch leaves the current plan for another; to a higher one, some keep the billing cycle. */
function checkSwitch(scenario: Scenario, order: ValidOrder, place: Place): void {
  const { product } = order;
  const current = currentPlanOf(place);
  if (!current?.planId) fail('productNo', 'plan', `${place.label} holds no plan to switch from`);
  order.lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    if (line.serviceId === current.planId) {
      fail(
        `${f}.serviceId`,
        'ne',
        `${f}.serviceId ${line.serviceId} (${offerName(product, line)}) is already the current plan of ${place.label}`,
      );
    }
    // Plans are seeded from the lowest to the highest.
    const rank = (id: string) => product.plans.findIndex((p) => p.id === id);
    const upgrade = rank(line.serviceId) > rank(current.planId ?? '');
    if (scenario.keepCycleOnUpgrade && upgrade && line.billingCycle !== current.billingCycle) {
      fail(
        `${f}.billingCycle`,
        'eq',
        `${f}.billingCycle must stay ${current.billingCycle}, the current billing cycle of ${place.label}: switching to a higher plan cannot change it`,
      );
    }
  });
}

/** Services added to what is held: on the current plan, within what that plan supports. */
function checkAddOns(scenario: Scenario, order: ValidOrder, place: Place): void {
  const { product } = order;
  const plan = currentPlanOf(place);
  const planName = plan?.planId ? offerName(product, { serviceType: 'plan', serviceId: plan.planId }) : '';
  const byType = (line: OrderLine) => (line.serviceType === 'plan' ? scenario.plan : scenario.service);
  order.lines.forEach((line, i) => {
    const f = `serviceList[${i}]`;
    const rule = byType(line);
    if (rule?.connectionPlan === 'current' && line.connectionPlanId !== plan?.planId) {
      if (!plan)
        fail(
          `${f}.connectionPlanId`,
          'current',
          `${place.label} holds no plan of product ${product.productId} to add services to`,
        );
      fail(
        `${f}.connectionPlanId`,
        'current',
        `${f}.connectionPlanId ${line.connectionPlanId} must be the current plan of ${place.label}: ${plan.planId} (${planName})`,
      );
    }
    const needed = scenario.onlyOnPlan?.[offerName(product, line)];
    if (needed !== undefined && planName !== needed) {
      fail(
        `${f}.serviceId`,
        'plan',
        `${f}.serviceId ${line.serviceId} (${offerName(product, line)}) is only supported on ${needed}; ${place.label} holds ${planName || 'no plan'}`,
      );
    }
    if (rule?.quantity?.equalsExtensions && line.quantity !== plan?.quantity) {
      fail(
        `${f}.quantity`,
        'eq',
        `${f}.quantity ${line.quantity} must equal the current number of extensions of ${place.label} (${plan?.quantity ?? 0})`,
      );
    }
    if (scenario.extendsHeld && !heldLine(place, line)) {
      fail(
        `${f}.serviceId`,
        'held',
        `${f}.serviceId ${line.serviceId} (${offerName(product, line)}) is not a current ${line.serviceType} of ${place.label} for product ${product.productId}, so it cannot be extended`,
      );
    }
  });
  const cap = scenario.maxExtensions;
  if (cap) {
    const planLine = order.lines.find((l) => l.serviceType === 'plan');
    let extensions = planLine ? (planLine.quantity ?? 0) : (plan?.quantity ?? 0);
    order.lines.forEach((line, i) => {
      if (line.serviceType !== 'service' || !cap.adds.includes(offerName(product, line))) return;
      extensions += line.quantity ?? 0;
      if (extensions > cap.max) {
        const f = `serviceList[${i}].quantity`;
        fail(
          f,
          'max',
          `${f} ${line.quantity} would bring ${place.label} to ${extensions} extensions; a Cloud PBX supports at most ${cap.max}`,
        );
      }
    });
  }
}

/** Enforces the documented Create an Order rules; the first problem found is thrown as a 400. */
export function validateOrder(
  body: unknown,
  faults: Pick<FaultState, 'trialsNeedBillingId' | 'unshownBillingRequired'>,
): ValidOrder {
  if (!isObject(body)) fail('body', 'object', 'request body must be a JSON object');
  const operationType = oneOf(body, 'operationType', OPERATION_TYPES, 'operationType');
  const product = productOf(body);
  const partnerId = subordinateOf(body, 'partnerId');
  subordinateOf(body, 'assignId');
  const poNumber = poNumberOf(body);
  const productNo = optionalString(body, 'productNo');
  const lines = linesOf(body, product);
  checkOperation(operationType, lines);
  checkConnectionPlans(lines);
  const scenario = scenarioOf(product, operationType, lines);
  checkLines(scenario, lines, faults.unshownBillingRequired);
  if (scenario.pceRequest) checkPceRequest(body);
  const billingId = billingIdOf(body, scenario.billingIdOptional === true && !faults.trialsNeedBillingId);
  const order: ValidOrder = { operationType, product, billingId, partnerId, poNumber, productNo, lines };
  const place = placeOf(scenario, order);
  const kind = PURCHASE_TYPE_OF[operationType];
  if (kind === 'renew') order.instance = checkRenewal(scenario, order, place);
  if (kind === 'switch') checkSwitch(scenario, order, place);
  checkAddOns(scenario, order, place);
  // A purchase for a new PBX creates an instance; one for an account adds to what it holds.
  order.instance ??= place.device ?? place.held[0];
  return order;
}
