import fc from 'fast-check';
import type { PartnerApiSandbox } from '../../src/sandbox/partner-api';
import { jsonInteger, parseJson, stringifyJson } from '../../src/yeastar';
import { applianceBody, sandboxClient } from './support/sandbox-client';
import { envelopeText, type ScriptedApi, startScriptedApi, withToken } from './support/scripted-api';

const SAVE_ORDER = '/order/openapi/order/v1/save';
const BILLING_CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';
const CREATED =
  '{"instanceId":"1259567","orderNo":"EU3206205224534151168","orderStatus":"succeed","productNo":"3631E0997265","transactionNo":"QZ3206205228384522241"}';

/** 19-digit IDs up to the largest signed 64-bit value, as Yeastar's snowflake IDs are. */
const nineteenDigitId = fc.bigInt(10n ** 18n, 9223372036854775807n);

describe('64-bit IDs stay exact', () => {
  let api: ScriptedApi;
  /** The ID the scripted API puts into its billing contact answer for the current run. */
  let servedId = 0n;

  beforeAll(async () => {
    api = await startScriptedApi(
      withToken((req) =>
        req.path === BILLING_CONTACTS
          ? { body: envelopeText(`[{"billingContactId":${servedId},"firstName":"Ann","lastName":"Lee"}]`) }
          : { body: envelopeText(CREATED) },
      ),
    );
  });
  afterAll(() => api.close());

  const client = () => sandboxClient({ url: api.url } as PartnerApiSandbox);

  test('when the classic rounding case is written, then its digits survive where JSON.stringify loses them', () => {
    expect(JSON.stringify({ billingId: Number('3197218168379846218') })).toBe(
      '{"billingId":3197218168379846000}',
    );
    expect(stringifyJson({ billingId: jsonInteger('3197218168379846218') })).toBe(
      '{"billingId":3197218168379846218}',
    );
  });

  test('when any 19-digit ID is parsed and written again, then the text is unchanged', () => {
    fc.assert(
      fc.property(nineteenDigitId, (id) => {
        const text = `{"billingId":${id}}`;
        expect(parseJson(text)).toEqual({ billingId: id });
        expect(stringifyJson(parseJson(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  test('when an order carries any 19-digit billingId, then the server receives exactly those digits', async () => {
    const orders = client();
    await fc.assert(
      fc.asyncProperty(nineteenDigitId, async (id) => {
        await orders.createOrder(stringifyJson({ ...applianceBody('PO-IDS'), billingId: id }));
        const received = api.received.filter((r) => r.path === SAVE_ORDER).at(-1);
        expect(received?.body).toContain(`"billingId":${id},`);
        expect((parseJson(received?.body ?? '') as { billingId: unknown }).billingId).toBe(id);
      }),
      { numRuns: 60 },
    );
  });

  test('when an answer carries any 19-digit ID as a raw JSON number, then it is read back as the exact decimal text', async () => {
    const reader = client();
    await fc.assert(
      fc.asyncProperty(nineteenDigitId, async (id) => {
        servedId = id;
        const [contact] = await reader.listBillingContacts();
        expect(contact?.billingContactId).toBe(id.toString());
      }),
      { numRuns: 60 },
    );
  });
});
