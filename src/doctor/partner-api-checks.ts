import { asksFor, SCENARIOS, serialNumberSchema } from '../catalog';
import type { PartnerApiClient } from '../yeastar/client';
import { diagnose } from '../yeastar/diagnosis';
import type { AnswerInspector } from '../yeastar/http';
import { compareWithSchema, describeDifference } from '../yeastar/shape';
import { type Check, failed, passed } from './report';

const SECTION = 'Partner API';
const SHARE =
  'the app reads it all the same; share this report (npm run doctor -- --json) with the developers, so that the schemas follow the live API';

/** The last answer each route gave, as received: the doctor compares it with its schema. */
export class AnswerLog {
  private readonly answers = new Map<
    string,
    { result: unknown; schema: Parameters<AnswerInspector>[0]['schema'] }
  >();

  readonly inspect: AnswerInspector = ({ route, result, schema }) => {
    this.answers.set(route, { result, schema });
  };

  take(route: string) {
    const answer = this.answers.get(route);
    this.answers.delete(route);
    return answer;
  }
}

/** The products the catalog orders, once each, and whether one is sold per PBX (asked about by serial number). */
function catalogProducts(): { productId: number; name: string; perDevice: boolean }[] {
  const products = new Map<number, { productId: number; name: string; perDevice: boolean }>();
  for (const s of SCENARIOS) {
    const known = products.get(s.productId);
    const perDevice = (known?.perDevice ?? false) || asksFor(s, 'serialNumber');
    products.set(s.productId, { productId: s.productId, name: s.productName, perDevice });
  }
  return [...products.values()];
}

interface Read<T> {
  name: string;
  route: string;
  call: () => Promise<T>;
}

/**
 * One read: refused (the cause and its fix), unusable (the fields the app needs, by path), or answered
 * with differences the app tolerates (named, not required) or none.
 */
async function checkRead<T>(log: AnswerLog, read: Read<T>): Promise<{ check: Check; value?: T }> {
  try {
    const value = await read.call();
    const answer = log.take(read.route);
    const differences = answer ? compareWithSchema(answer.schema, answer.result) : [];
    if (differences.length === 0)
      return { check: passed(SECTION, read.name, 'answers as the app expects'), value };
    const listed = differences.map(describeDifference).join('; ');
    return {
      check: failed(SECTION, read.name, `answers with another shape: ${listed}`, SHARE, false),
      value,
    };
  } catch (err) {
    log.take(read.route);
    const { cause, fix } = diagnose(err);
    return { check: failed(SECTION, read.name, cause, fix) };
  }
}

const PRODUCT_INFO = 'GET /pricing/openapi/purchase/v1/purchase_product_info';
const INSTANCES = 'GET /product/openapi/instance_product/v1/client/instance_product_list';
const PLAN_PRICE = 'GET /pricing/openapi/purchase/v1/purchase/plan_info/{id}';
const NO_PRICE =
  'approval messages say "price not available from Yeastar" and orders are placed without a confirmed price; share this report (npm run doctor -- --json) with the developers';

/** The token, its refresh, then every read the app makes, each validated against its schema. */
export async function partnerApiChecks(client: PartnerApiClient, log: AnswerLog): Promise<Check[]> {
  try {
    await client.prepareToken();
  } catch (err) {
    const { cause, fix } = diagnose(err);
    return [failed(SECTION, 'credentials (YEASTAR_CLIENT_ID, YEASTAR_CLIENT_SECRET)', cause, fix)];
  }
  const checks: Check[] = [
    passed(SECTION, 'credentials (YEASTAR_CLIENT_ID, YEASTAR_CLIENT_SECRET)', 'a token was granted'),
  ];
  try {
    await client.refreshToken();
    checks.push(passed(SECTION, 'token refresh', 'the refresh token renews it'));
  } catch (err) {
    const { cause } = diagnose(err);
    checks.push(
      failed(
        SECTION,
        'token refresh',
        cause,
        'the app renews with the credentials instead; nothing to do unless that fails too',
        false,
      ),
    );
  }
  const reads: Read<unknown>[] = [
    {
      name: 'product list',
      route: 'GET /pricing/openapi/purchase/v1/product_list',
      call: () => client.listProducts(),
    },
    {
      name: 'billing contacts',
      route: 'GET /user/openapi/user/v1/client/billing_contact_list',
      call: () => client.listBillingContacts(),
    },
    {
      name: 'subordinate customers',
      route: 'GET /user/openapi/user/v1/client/partner_list',
      call: () => client.listSubordinateUsers(),
    },
    {
      name: 'order list',
      route: 'GET /order/openapi/order/v1/page',
      call: () => client.listOrders({ pageNo: 1, pageSize: 10 }),
    },
  ];
  for (const read of reads) checks.push((await checkRead(log, read)).check);
  for (const product of catalogProducts()) {
    const label = `${product.name} (${product.productId})`;
    const instances = await checkRead(log, {
      name: `instances of ${label}`,
      route: INSTANCES,
      call: () => client.listInstanceProducts({ productId: product.productId, pageNo: 1, pageSize: 100 }),
    });
    checks.push(instances.check);
    const serial = instances.value?.results.find(
      (i) => serialNumberSchema.safeParse(i.productNo).success,
    )?.productNo;
    if (product.perDevice && !serial) {
      checks.push(
        passed(
          SECTION,
          `plans and services of ${label}`,
          'not asked: sold per PBX, and the account lists none',
        ),
      );
      continue;
    }
    const query = {
      productId: product.productId,
      ...(product.perDevice && serial ? { productNo: serial } : {}),
    };
    const info = await checkRead(log, {
      name: `plans and services of ${label}`,
      route: PRODUCT_INFO,
      call: () => client.getPurchaseProductInfo(query),
    });
    checks.push(info.check);
    const [plan] = info.value?.planList ?? [];
    if (!plan) continue;
    // The app does without a price (it says so), so a failure here is not one that stops it.
    const price = await checkRead(log, {
      name: `price of ${label}'s ${plan.name || 'first plan'}`,
      route: PLAN_PRICE,
      call: () => client.getPriceInfo({ stage: 'purchase', kind: 'plan_info', id: plan.planId }, query),
    });
    checks.push(price.check.ok ? price.check : { ...price.check, required: false, fix: NO_PRICE });
  }
  return checks;
}
