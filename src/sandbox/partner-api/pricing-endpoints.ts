import { BILLING_CYCLES, type BillingCycle } from '../../yeastar/order-body';
import { account } from './account';
import { knownProduct } from './catalog-endpoints';
import { invalidParameter, notFound } from './envelope';
import { positiveInteger } from './query';
import type { Route, RouteContext } from './routes';
import { PRICE_LIST } from './seed';

/**
 * The plan and add-on information endpoints, priced from the seed's price list: a unit price per billing
 * cycle, times the quantity and the years (a trial is free). The guide shows none of their fields: the
 * [RECON] answer is the app's assumption (src/yeastar/schemas.ts, priceInfoSchema), and it echoes what it
 * priced. The guide marks productNo required on every renewal endpoint: the sandbox asks it of every
 * renewal (a PBX's serial number, or the ID an account-level subscription is listed under) and of
 * every per-device product.
 */
const PRICING_PATH =
  /^\/pricing\/openapi\/purchase\/v1\/(trial|purchase|renew)\/(plan_info|add_on_info)\/(\d+)$/;

function billingCycleOf(url: URL, sold: readonly BillingCycle[]): BillingCycle {
  const asked = url.searchParams.get('billingCycle');
  if (asked === null) return sold.includes('annually') ? 'annually' : (sold[0] ?? 'annually');
  const cycle = BILLING_CYCLES.find((c) => c === asked);
  if (!cycle)
    throw invalidParameter('billingCycle', 'oneof', `billingCycle must be one of ${BILLING_CYCLES}`);
  if (!sold.includes(cycle)) throw invalidParameter('billingCycle', 'oneof', `this is not sold ${cycle}`);
  return cycle;
}

function multiCycleOf(url: URL): number | undefined {
  const text = url.searchParams.get('multiCycle');
  if (text === null) return undefined;
  if (!/^[0-5]$/.test(text)) throw invalidParameter('multiCycle', 'range', 'multiCycle must be 0 to 5');
  return Number(text);
}

function cents(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

function priceInfo({ url, params, faults }: RouteContext) {
  const [stage = '', endpoint = '', id = ''] = params;
  const product = knownProduct(url);
  const kind = endpoint === 'plan_info' ? 'plan' : 'service';
  const offer = account.offer(product, kind, id);
  if (!offer) throw notFound(`${id} is no ${kind} of product ${product.productId}`);
  const productNo = url.searchParams.get('productNo');
  if (!productNo && (product.perDevice || stage === 'renew')) {
    throw invalidParameter('productNo', 'required', `productNo is required for product ${product.productId}`);
  }
  if (productNo && !account.instance(product.productId, productNo)) {
    throw notFound(`productNo ${productNo} is not held by this account for product ${product.productId}`);
  }
  const connectionPlanId = url.searchParams.get('connectionPlanId');
  if (connectionPlanId && !account.offer(product, 'plan', connectionPlanId)) {
    throw invalidParameter('connectionPlanId', 'exists', `${connectionPlanId} is no plan of this product`);
  }
  const quantity = positiveInteger(url, 'quantity', 1);
  const multiCycle = multiCycleOf(url);
  const named = { [kind === 'plan' ? 'planId' : 'serviceId']: BigInt(offer.id), name: offer.name };
  if (stage === 'trial') {
    return { ...named, purchaseType: 'trial', price: '0.00', currency: 'USD', quantity };
  }
  const prices = PRICE_LIST[offer.id] ?? {};
  const billingCycle = billingCycleOf(
    url,
    BILLING_CYCLES.filter((c) => prices[c] !== undefined),
  );
  const years = billingCycle === 'annually' ? Math.max(1, multiCycle ?? 1) : 1;
  const listed = (prices[billingCycle] ?? 0) * quantity * years;
  const amount = Math.round((listed * (100 + faults.repricePercent)) / 100);
  return {
    ...named,
    purchaseType: stage,
    price: cents(amount),
    currency: 'USD',
    billingCycle,
    ...(multiCycle !== undefined && { multiCycle }),
    quantity,
  };
}

export const pricingRoutes: Route[] = [
  { method: 'GET', path: PRICING_PATH, prices: true, handle: priceInfo },
];
