import { startPartnerApiSandbox } from '../../../src/sandbox/partner-api/index';
import { BILLING_ID, line, orderBody, YEAR } from './bodies';
import {
  accessToken,
  call,
  editTutorial,
  SAVE_PATH,
  tutorialRequest,
  useSandbox,
  withFields,
} from './client';

const live = useSandbox('each');

interface Refusal {
  when: string;
  body: string;
  field: string;
  message: RegExp;
}

const TURNKEY = 'renew-p-series-turnkey-package';
const APPLIANCE = 'purchase-p-series-appliance-plan';
const RM_RENEW = 'renew-rm-premium';
const YCM = 'renew-ycm-white-label';
const RM_PURCHASE = 'purchase-remote-management-premium';

/** A Cloud PBX bought with Recording Minutes tied to the given plan (T14; its IDs are the guide's). */
function cloudPbxWithRecordingMinutes(connectionPlanId: string): string {
  return orderBody({
    operationType: 'purchase_plan',
    productId: 13,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', '3048571730026938368', 'purchase', YEAR, { quantity: 20 }),
      line('service', '3048573759449317376', 'purchase', YEAR, { quantity: 1000, connectionPlanId }),
    ],
    orderPceSpecialRequest: { pbxName: 'Fjord Dental', regionId: '1', pbxSubDomainId: '2' },
  });
}

const REFUSALS: Refusal[] = [
  {
    when: 'the billingId was rounded by a double',
    body: editTutorial(YCM, ['3197218168379846218', '3197218168379846000']),
    field: 'billingId',
    message: /^billingId 3197218168379846000 is not a billing contact of this account$/,
  },
  {
    when: 'the billingId is sent as a string',
    body: editTutorial(YCM, ['3197218168379846218', '"3197218168379846218"']),
    field: 'billingId',
    message: /billingId must be a JSON integer/,
  },
  {
    when: 'the billingId belongs to another tenant',
    body: editTutorial(YCM, ['3197218168379846218', '3076915454468767744']),
    field: 'billingId',
    message: /billingId 3076915454468767744 is not a billing contact of this account/,
  },
  {
    when: 'the partnerId is another tenant’s user',
    body: withFields(YCM, '"partnerId":"3076915454489739999"'),
    field: 'partnerId',
    message: /partnerId 3076915454489739999 is not a subordinate user of this account/,
  },
  {
    when: 'the Turnkey renewal quantity differs from the current count',
    body: editTutorial(TURNKEY, ['"quantity": 100', '"quantity": 99']),
    field: 'serviceList[0].quantity',
    message: /quantity 99 must equal the current count of P-Series Turnkey Package for this account \(100\)/,
  },
  {
    when: 'a subordinate user renews at the account’s count instead of their own',
    body: withFields(TURNKEY, '"partnerId":"3102345678901234567"'),
    field: 'serviceList[0].quantity',
    message: /for subordinate user 3102345678901234567 \(40\)/,
  },
  {
    when: 'a monthly appliance plan asks for multiCycle 2',
    body: editTutorial(APPLIANCE, ['"multiCycle": 0', '"multiCycle": 2']),
    field: 'serviceList[0].multiCycle',
    message: /multiCycle must be 0 when billingCycle is monthly/,
  },
  {
    when: 'an annual appliance plan asks for multiCycle 0',
    body: editTutorial(APPLIANCE, ['"monthly"', '"annually"']),
    field: 'serviceList[0].multiCycle',
    message: /multiCycle must be one of 1, 2, 3, 4, 5 when billingCycle is annually/,
  },
  {
    when: 'the appliance plan has no serial number',
    body: editTutorial(APPLIANCE, ['"productNo": "3631E0997265",', '']),
    field: 'productNo',
    message: /^productNo \(PBX serial number\) is required for product 11/,
  },
  {
    when: 'the serial number is not a PBX of this account',
    body: editTutorial(APPLIANCE, ['3631E0997265', '3631E0000001']),
    field: 'productNo',
    message: /productNo 3631E0000001 is not an instance of this account/,
  },
  {
    when: 'the serviceId is unknown for the product',
    body: editTutorial(RM_RENEW, ['3375819276601303040', '3375819276601303041']),
    field: 'serviceList[0].serviceId',
    message: /serviceId 3375819276601303041 is not a service of product 21 \(RM Premium\)/,
  },
  {
    when: 'a plan ID is sent as a service',
    body: editTutorial(YCM, ['3341070434683027456', '3048941892189077504']),
    field: 'serviceList[0].serviceId',
    message: /is not a service of product 19/,
  },
  {
    when: 'the renewal names a service the account does not hold',
    body: editTutorial(
      YCM,
      ['3341070434683027456', '3341070123456789504'],
      ['"multiCycle": 0', '"multiCycle": 1'],
    ),
    field: 'serviceList[0].serviceId',
    message:
      /\(PSE White Label\) is not a current service of this account for product 19, so it cannot be renewed/,
  },
  {
    when: 'a renewal line says purchase',
    body: editTutorial(TURNKEY, ['"renew"', '"purchase"']),
    field: 'serviceList[0].purchaseType',
    message: /purchaseType must be renew for operationType renew_plan/,
  },
  {
    when: 'a renew_plan order has no plan line',
    body: editTutorial(YCM, ['"renew_service"', '"renew_plan"']),
    field: 'serviceList',
    message: /renew_plan needs a plan line/,
  },
  {
    when: 'the Turnkey renewal asks for more than one year',
    body: editTutorial(TURNKEY, ['"multiCycle": 0', '"multiCycle": 1']),
    field: 'serviceList[0].multiCycle',
    message: /multiCycle must be 0 when billingCycle is annually for renew_plan of product 14/,
  },
  {
    when: 'the RM Premium purchase is monthly',
    body: editTutorial(RM_PURCHASE, ['"annually"', '"monthly"']),
    field: 'serviceList[0].billingCycle',
    message: /billingCycle must be annually for purchase_service of product 20/,
  },
  {
    when: 'the RM Premium renewal has no quantity',
    body: editTutorial(RM_RENEW, ['"quantity": 10,', '']),
    field: 'serviceList[0].quantity',
    message: /quantity is required for renew_service of product 21/,
  },
  {
    when: 'the connectionPlanId is not the plan line’s',
    body: editTutorial(TURNKEY, [
      '"quantity": 100,',
      '"quantity": 100, "connectionPlanId": 3048571730026938368,',
    ]),
    field: 'serviceList[0].connectionPlanId',
    message: /connectionPlanId 3048571730026938368 is not a plan of product 14/,
  },
  {
    when: 'a service names another plan than the order’s plan line',
    body: cloudPbxWithRecordingMinutes('3048572026291630080'),
    field: 'serviceList[1].connectionPlanId',
    message: /connectionPlanId 3048572026291630080 must equal the plan line's serviceId 3048571730026938368/,
  },
  {
    when: 'a purchase_service order carries a plan line',
    body: editTutorial(APPLIANCE, ['"purchase_plan"', '"purchase_service"']),
    field: 'serviceList[0].serviceType',
    message: /serviceType must be service for operationType purchase_service/,
  },
  {
    when: 'the operationType is not documented',
    body: editTutorial(TURNKEY, ['"renew_plan"', '"upgrade_plan"']),
    field: 'operationType',
    message: /operationType "upgrade_plan" is not one of/,
  },
  {
    when: 'the product is unknown',
    body: editTutorial(TURNKEY, ['"productId": 14', '"productId": 99']),
    field: 'productId',
    message: /productId 99 is not a product this account can order/,
  },
  {
    when: 'the serviceList is empty',
    body: '{"operationType":"renew_plan","productId":14,"billingId":3197218168379846218,"serviceList":[]}',
    field: 'serviceList',
    message: /serviceList must be a non-empty array/,
  },
  {
    when: 'the poNumber is longer than 64 characters',
    body: withFields(YCM, `"poNumber":"${'x'.repeat(65)}"`),
    field: 'poNumber',
    message: /poNumber must be at most 64 characters/,
  },
  {
    when: 'the body is not JSON',
    body: '{"operationType": ',
    field: 'body',
    message: /not valid JSON/,
  },
  {
    when: 'the body is a JSON array',
    body: '[]',
    field: 'body',
    message: /must be a JSON object/,
  },
];

describe('Create an Order rules', () => {
  it.each(REFUSALS)(
    'when $when, then the order is refused naming $field',
    async ({ body, field, message }) => {
      const answer = await call(live.sandbox, SAVE_PATH, { token: live.token, body });

      expect(answer.status).toBe(400);
      expect(answer.envelope).toMatchObject({ code: 'parameter_validation_failed', status: 400 });
      expect(answer.envelope.detailMessage).toMatch(message);
      expect(answer.envelope.result).toMatchObject({ field });
      expect(live.sandbox.orders()).toHaveLength(0);
    },
  );

  it('when a plan and a service tied to it by connectionPlanId are ordered together, then the order is placed', async () => {
    const body = cloudPbxWithRecordingMinutes('3048571730026938368');
    const answer = await call(live.sandbox, SAVE_PATH, { token: live.token, body });
    expect(answer.status).toBe(200);
    expect(live.sandbox.orders().map((o) => o.rawBody)).toEqual([body]);
  });

  it('when no token is sent, then the order is refused with 401 and not recorded', async () => {
    const answer = await call(live.sandbox, SAVE_PATH, { body: tutorialRequest(TURNKEY) });
    expect(answer.status).toBe(401);
    expect(answer.envelope).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(answer.envelope.detailMessage).toMatch(/Bearer access token is required/);
    expect(live.sandbox.orders()).toHaveLength(0);
  });

  it('when the token has expired, then the order is refused with token_expired and not recorded', async () => {
    const shortLived = await startPartnerApiSandbox({ accessTokenTtlSeconds: 0 });
    try {
      const expired = await accessToken(shortLived);
      const answer = await call(shortLived, SAVE_PATH, { token: expired, body: tutorialRequest(TURNKEY) });
      expect(answer.status).toBe(401);
      expect(answer.envelope).toMatchObject({ code: 'token_expired', status: 401 });
      expect(shortLived.orders()).toHaveLength(0);
    } finally {
      await shortLived.close();
    }
  });

  it('when the body is not sent as JSON, then the order is refused with 415', async () => {
    const response = await fetch(`${live.sandbox.url}${SAVE_PATH}`, {
      method: 'POST',
      headers: {
        'user-agent': 'OpenAPI',
        authorization: `Bearer ${live.token}`,
        'content-type': 'text/plain',
      },
      body: tutorialRequest(TURNKEY),
    });
    expect(response.status).toBe(415);
    expect(live.sandbox.orders()).toHaveLength(0);
  });
});
