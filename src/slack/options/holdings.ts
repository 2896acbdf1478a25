import { asksFor, lineIdField, type QuantityField, type Scenario } from '../../catalog';
import type { BillingCycle } from '../../yeastar/order-body';
import type { InstanceProduct } from '../../yeastar/schemas';
import { truncate } from '../mrkdwn';
import { MAX_OPTION_TEXT } from './option-list';

/** Who a request is for: a subordinate customer, or the reseller's own account when absent. */
export interface Owner {
  partnerId?: string;
}

/** A plan or service a product offers, by name. */
export interface Offer {
  kind: 'plan' | 'service';
  id: string;
  name: string;
}

/**
 * Something an account holds now that a renewal row can renew: the row, the plan and/or service it
 * renews (one per line of the row), where it is held, its current counts and its expiry. A renewal
 * orders exactly this, so the modal shows it as facts, not as inputs.
 */
export interface Holding {
  /** The option value; it names the row and what is renewed, and is looked up again on submission. */
  key: string;
  scenarioId: string;
  productId: number;
  /** The instance it is held on: a PBX's serial number, or the account's own entry. */
  productNo: string;
  /** A PBX serial number, for rows sold per device. */
  serialNumber?: string;
  planId?: string;
  serviceId?: string;
  /** The current count behind each quantity field of the row, as Yeastar's list gives it. */
  counts: Partial<Record<QuantityField, number>>;
  /** Epoch ms of the (plan's) expiry, when the list gives one. */
  expireTime?: number;
  /** The billing cycle held now, which a renewal keeps, when the list gives one. */
  billingCycle?: BillingCycle;
  planName?: string;
  serviceName?: string;
}

/** The plan a PBX or account has now: what expansions and add-ons hang off, and what a switch leaves. */
export interface CurrentPlan {
  planId: string;
  name: string;
  /** Its count (extensions, connections), when the list gives one. */
  quantity?: number;
  billingCycle?: BillingCycle;
}

/** What is renewed, in words: "YCM White Label", "P-Series Turnkey Package with Extensions". */
export function holdingName(holding: Pick<Holding, 'planName' | 'serviceName'>): string {
  return [holding.planName, holding.serviceName].filter(Boolean).join(' with ');
}

const KEY_SEP = '|';

export function holdingKey(
  scenarioId: string,
  ids: { planId?: string; serviceId?: string },
  productNo: string,
): string {
  return [scenarioId, ids.planId ?? '', ids.serviceId ?? '', productNo].join(KEY_SEP);
}

function ownedBy(instance: InstanceProduct, owner: Owner): boolean {
  return instance.assignId === owner.partnerId;
}

function idOf(instance: InstanceProduct, kind: Offer['kind']): string | undefined {
  return kind === 'plan' ? instance.planId : instance.serviceId;
}

/** Every way of taking one instance per line: a row with a plan line and a service line pairs them. */
function combinations<T>(choices: readonly T[][]): T[][] {
  return choices.reduce<T[][]>(
    (combos, options) => combos.flatMap((combo) => options.map((option) => [...combo, option])),
    [[]],
  );
}

/**
 * What `owner` holds that `row` renews, from the product's instance list and its offers (for names).
 * Instances are grouped by where they are held (their productNo), so that a plan and its service pair
 * only on the same account or PBX.
 */
export function holdingsOf(
  row: Scenario,
  instances: readonly InstanceProduct[],
  offers: readonly Offer[],
  owner: Owner,
): Holding[] {
  const perDevice = asksFor(row, 'serialNumber');
  const byPlace = new Map<string, InstanceProduct[]>();
  for (const instance of instances) {
    if (!ownedBy(instance, owner)) continue;
    byPlace.set(instance.productNo, [...(byPlace.get(instance.productNo) ?? []), instance]);
  }
  const nameOf = (kind: Offer['kind'], id: string, instance: InstanceProduct) =>
    truncate(
      offers.find((o) => o.kind === kind && o.id === id)?.name ??
        `${instance.productName ?? 'Unnamed'} ${kind}`,
      MAX_OPTION_TEXT,
    );
  // A row for some of the product's services renews only those (one row per white label).
  const offered = (instance: InstanceProduct) =>
    !row.services ||
    instance.serviceId === undefined ||
    row.services.test(offers.find((o) => o.kind === 'service' && o.id === instance.serviceId)?.name ?? '');
  const holdings: Holding[] = [];
  for (const [productNo, held] of byPlace) {
    // A plan held with services is renewed together with them, by the row that has both.
    if (row.withHeldServices && held.some((i) => i.serviceId !== undefined)) continue;
    const perLine = row.lines.map((line) =>
      held
        .filter((i) => idOf(i, line.serviceType) !== undefined && offered(i))
        .map((instance) => ({ line, instance })),
    );
    for (const combo of combinations(perLine)) {
      const ids: { planId?: string; serviceId?: string } = {};
      const names: { planName?: string; serviceName?: string } = {};
      const counts: Holding['counts'] = {};
      for (const { line, instance } of combo) {
        const id = idOf(instance, line.serviceType) ?? '';
        ids[lineIdField(line)] = id;
        names[line.serviceType === 'plan' ? 'planName' : 'serviceName'] = nameOf(
          line.serviceType,
          id,
          instance,
        );
        if (line.quantity && instance.quantity !== undefined) counts[line.quantity] = instance.quantity;
      }
      const expireTime = combo.find((c) => c.instance.expireTime)?.instance.expireTime;
      const billingCycle = combo.find((c) => c.instance.billingCycle)?.instance.billingCycle;
      holdings.push({
        key: holdingKey(row.id, ids, productNo),
        scenarioId: row.id,
        productId: row.productId,
        productNo,
        ...(perDevice ? { serialNumber: productNo } : {}),
        ...ids,
        counts,
        ...(expireTime ? { expireTime } : {}),
        ...(billingCycle ? { billingCycle } : {}),
        ...names,
      });
    }
  }
  return holdings;
}

/**
 * Whether the list says what its instances hold at all: entries with neither a plan nor a service mean
 * Yeastar's answer leaves those fields out, not that nothing is held.
 */
export function describesHoldings(instances: readonly InstanceProduct[], owner: Owner): boolean {
  const owned = instances.filter((i) => ownedBy(i, owner));
  return owned.length === 0 || owned.some((i) => i.planId !== undefined || i.serviceId !== undefined);
}

/**
 * The plan held at one place: on a PBX (its serial number), or on the owner's account for products
 * bought per account. Undefined when none is listed there.
 */
export function currentPlanOf(
  instances: readonly InstanceProduct[],
  offers: readonly Offer[],
  owner: Owner,
  serialNumber?: string,
): CurrentPlan | undefined {
  const held = instances.find(
    (i) =>
      ownedBy(i, owner) &&
      i.planId !== undefined &&
      (serialNumber === undefined || i.productNo === serialNumber),
  );
  if (!held?.planId) return undefined;
  const name =
    offers.find((o) => o.kind === 'plan' && o.id === held.planId)?.name ??
    `${held.productName ?? 'Unnamed'} plan`;
  return {
    planId: held.planId,
    name: truncate(name, MAX_OPTION_TEXT),
    ...(held.quantity !== undefined ? { quantity: held.quantity } : {}),
    ...(held.billingCycle ? { billingCycle: held.billingCycle } : {}),
  };
}
