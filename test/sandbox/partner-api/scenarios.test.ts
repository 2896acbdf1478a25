import { createOrderResultSchema } from '../../../src/yeastar/schemas';
import { ANNUAL_0, BILLING_ID, line, MONTH, ONCE, type Order, orderBody, YEAR } from './bodies';
import { call, SAVE_PATH, type Tutorial, tutorialRequest, useSandbox } from './client';

/**
 * Every scenario of the guide (spec/guide-tutorials.md, T1–T35) against the sandbox over HTTP: one
 * correct order each is placed, and each documented rule refuses the order that breaks it, naming the field.
 */

const live = useSandbox('all');

// Catalog IDs: the guide's where it prints them (Linkus, Appliance, Hotel Module, PCE), the sandbox's otherwise.
const LINKUS = '3048918321840570368';
const LINKUS_PRO = '3048918719332507648';
const APPLIANCE = {
  standard: '3048558946648207360',
  ultimate: '3048560606464323584',
  hotelModule: '3299326068732223488',
  hotelPms: '3048561234567890176',
};
const PSE = {
  enterprise: '3048565011122233344',
  ultimate: '3048565433344455680',
  extensions: '3048566011223344128',
  calls: '3048566122334455296',
  hotStandby: '3048566233445566464',
  disasterRecovery: '3048566344556677632',
  callCenter: '3048566566778899968',
};
const PCE = {
  enterprise: '3048571730026938368',
  ultimate: '3048572026291630080',
  extensions: '3048573516041273344',
  recording: '3048573759449317376',
  highAvailability: '3048573935752720384',
};
const TURNKEY = {
  plan: '3048941892189077504',
  extensions: '3048942310987654144',
  ultimateExtensions: '3048942533221100032',
  recording: '3048942755443322880',
};
const RM = { plan: '3102233445566778880', connections: '3102233667788990464' };
const WHITE_LABEL = { pce: '3341069876543210496', pse: '3341070123456789504', ycm: '3341070434683027456' };
const RM_PREMIUM_21 = '3375819276601303040';

const COLOR = '3076915454489739264';
const NORDLYS = '3102345678901234567';
const LOTUS = '3113456789012345678';
const FJORD = '3124567890123456789';

// PBXs: what each holds now is in src/sandbox/partner-api/seed.ts.
const S_SERIES_LINKUS = '3630D1764402';
const S_SERIES_BARE = '3630D2208815';
const APPLIANCE_OWN = '3631E0997265';
const APPLIANCE_SPARE = '3631E5520873';
const APPLIANCE_LOTUS = '3631E7730256';
const APPLIANCE_COLOR = '3631E3418911';
const PSE_OWN = '3658B4311196A2C1';
const PSE_LOTUS = '3658B4311196B3F8';
const PSE_NORDLYS_MONTHLY = '3658B4311196C9A0';
const PCE_NORDLYS = '3658B4311196D7E5';
const PCE_OWN_480 = '3658B4311196E4F2';

const PCE_REQUEST = { pbxName: 'Fjord Dental', regionId: '1', pbxSubDomainId: '2' };

/** One correct order per tutorial; the five with verbatim bodies send those. */
const ORDERS: Record<string, Order | Tutorial> = {
  T1: {
    operationType: 'purchase_plan',
    productId: 9,
    productNo: S_SERIES_BARE,
    billingId: BILLING_ID,
    serviceList: [line('plan', LINKUS, 'purchase', YEAR)],
  },
  T2: {
    operationType: 'switch_plan',
    productId: 9,
    productNo: S_SERIES_LINKUS,
    billingId: BILLING_ID,
    serviceList: [line('plan', LINKUS_PRO, 'switch', ['recurring', 'annually', 2])],
  },
  T3: 'purchase-p-series-appliance-plan',
  T4: {
    operationType: 'renew_plan',
    productId: 11,
    productNo: APPLIANCE_OWN,
    billingId: BILLING_ID,
    serviceList: [line('plan', APPLIANCE.standard, 'renew', YEAR)],
  },
  T5: {
    operationType: 'switch_plan',
    productId: 11,
    productNo: APPLIANCE_LOTUS,
    partnerId: LOTUS,
    billingId: BILLING_ID,
    // From monthly to annually: the appliance switch page sets no limit.
    serviceList: [line('plan', APPLIANCE.ultimate, 'switch', YEAR)],
  },
  T6: {
    operationType: 'purchase_service',
    productId: 11,
    productNo: APPLIANCE_OWN,
    billingId: BILLING_ID,
    serviceList: [line('service', APPLIANCE.hotelModule, 'purchase', ONCE)],
  },
  T7: {
    operationType: 'purchase_service',
    productId: 11,
    productNo: APPLIANCE_COLOR,
    partnerId: COLOR,
    billingId: BILLING_ID,
    serviceList: [line('service', APPLIANCE.hotelPms, 'purchase', ONCE)],
  },
  T8: {
    operationType: 'trial_plan',
    productId: 12,
    partnerId: FJORD,
    assignId: FJORD,
    serviceList: [
      line('plan', PSE.enterprise, 'trial', ANNUAL_0),
      line('service', PSE.extensions, 'trial', ANNUAL_0, { connectionPlanId: PSE.enterprise }),
    ],
  },
  T9: {
    operationType: 'purchase_plan',
    productId: 12,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', PSE.enterprise, 'purchase', YEAR, { quantity: 20 }),
      line('service', PSE.callCenter, 'purchase', YEAR, { quantity: 5, connectionPlanId: PSE.enterprise }),
    ],
  },
  T10: {
    operationType: 'renew_plan',
    productId: 12,
    productNo: PSE_LOTUS,
    partnerId: LOTUS,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', PSE.ultimate, 'renew', YEAR, { quantity: 30 }),
      line('service', PSE.hotStandby, 'renew', YEAR, { connectionPlanId: PSE.ultimate }),
    ],
  },
  T11: {
    operationType: 'switch_plan',
    productId: 12,
    productNo: PSE_OWN,
    billingId: BILLING_ID,
    serviceList: [line('plan', PSE.ultimate, 'switch', YEAR)],
  },
  T12: {
    operationType: 'purchase_service',
    productId: 12,
    productNo: PSE_LOTUS,
    partnerId: LOTUS,
    billingId: BILLING_ID,
    serviceList: [
      line('service', PSE.disasterRecovery, 'purchase', YEAR, { connectionPlanId: PSE.ultimate }),
    ],
  },
  T13: {
    operationType: 'purchase_service',
    productId: 12,
    productNo: PSE_OWN,
    billingId: BILLING_ID,
    serviceList: [
      line('service', PSE.extensions, 'purchase', YEAR, { quantity: 10, connectionPlanId: PSE.enterprise }),
    ],
  },
  T14: {
    operationType: 'purchase_plan',
    productId: 13,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', PCE.enterprise, 'purchase', YEAR, { quantity: 20 }),
      line('service', PCE.recording, 'purchase', YEAR, { quantity: 1000, connectionPlanId: PCE.enterprise }),
    ],
    orderPceSpecialRequest: PCE_REQUEST,
  },
  T15: {
    operationType: 'renew_plan',
    productId: 13,
    productNo: PCE_NORDLYS,
    partnerId: NORDLYS,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', PCE.ultimate, 'renew', YEAR, { quantity: 120 }),
      line('service', PCE.recording, 'renew', YEAR, { quantity: 1000, connectionPlanId: PCE.ultimate }),
    ],
  },
  T16: {
    operationType: 'switch_plan',
    productId: 13,
    productNo: PCE_OWN_480,
    billingId: BILLING_ID,
    serviceList: [line('plan', PCE.ultimate, 'switch', MONTH)],
  },
  T17: {
    operationType: 'purchase_service',
    productId: 13,
    productNo: PCE_OWN_480,
    billingId: BILLING_ID,
    serviceList: [
      line('service', PCE.extensions, 'purchase', MONTH, { quantity: 20, connectionPlanId: PCE.enterprise }),
    ],
  },
  T18: {
    operationType: 'purchase_service',
    productId: 13,
    productNo: PCE_NORDLYS,
    partnerId: NORDLYS,
    billingId: BILLING_ID,
    serviceList: [
      line('service', PCE.highAvailability, 'purchase', YEAR, {
        quantity: 120,
        connectionPlanId: PCE.ultimate,
      }),
    ],
  },
  T19: {
    operationType: 'trial_plan',
    productId: 14,
    partnerId: FJORD,
    serviceList: [
      line('plan', TURNKEY.plan, 'trial', ANNUAL_0),
      line('service', TURNKEY.extensions, 'trial', ANNUAL_0, { connectionPlanId: TURNKEY.plan }),
    ],
  },
  T20: {
    operationType: 'purchase_plan',
    productId: 14,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', TURNKEY.plan, 'purchase', YEAR, { quantity: 20 }),
      line('service', TURNKEY.recording, 'purchase', YEAR, { quantity: 100, connectionPlanId: TURNKEY.plan }),
    ],
  },
  T21: {
    operationType: 'purchase_service',
    productId: 14,
    partnerId: NORDLYS,
    billingId: BILLING_ID,
    serviceList: [
      line('service', TURNKEY.ultimateExtensions, 'purchase', YEAR, {
        quantity: 5,
        connectionPlanId: TURNKEY.plan,
      }),
    ],
  },
  T22: 'renew-p-series-turnkey-package',
  T23: {
    operationType: 'trial_plan',
    productId: 15,
    partnerId: FJORD,
    serviceList: [line('plan', RM.plan, 'trial', ANNUAL_0)],
  },
  T24: {
    operationType: 'purchase_plan',
    productId: 15,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [
      line('plan', RM.plan, 'purchase', YEAR, { quantity: 5 }),
      line('service', RM.connections, 'purchase', ONCE, { quantity: 5, connectionPlanId: RM.plan }),
    ],
  },
  T25: {
    operationType: 'purchase_service',
    productId: 15,
    billingId: BILLING_ID,
    serviceList: [
      line('service', RM.connections, 'purchase', ONCE, { quantity: 10, connectionPlanId: RM.plan }),
    ],
  },
  T26: {
    operationType: 'renew_plan',
    productId: 15,
    partnerId: LOTUS,
    billingId: BILLING_ID,
    serviceList: [line('plan', RM.plan, 'renew', YEAR)],
  },
  T27: {
    operationType: 'purchase_service',
    productId: 19,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [line('service', WHITE_LABEL.pce, 'purchase', YEAR)],
  },
  T28: {
    operationType: 'purchase_service',
    productId: 19,
    partnerId: FJORD,
    billingId: BILLING_ID,
    serviceList: [line('service', WHITE_LABEL.pse, 'purchase', YEAR, { quantity: 1 })],
  },
  T29: {
    operationType: 'trial_service',
    productId: 19,
    partnerId: FJORD,
    serviceList: [line('service', WHITE_LABEL.pse, 'trial', ANNUAL_0)],
  },
  T30: {
    operationType: 'renew_service',
    productId: 19,
    partnerId: NORDLYS,
    billingId: BILLING_ID,
    serviceList: [line('service', WHITE_LABEL.pse, 'renew', YEAR)],
  },
  T31: 'renew-ycm-white-label',
  T32: 'purchase-remote-management-premium',
  T33: {
    operationType: 'trial_service',
    productId: 21,
    partnerId: FJORD,
    serviceList: [line('service', RM_PREMIUM_21, 'trial', ANNUAL_0)],
  },
  T34: {
    operationType: 'purchase_service',
    productId: 21,
    partnerId: LOTUS,
    billingId: BILLING_ID,
    serviceList: [line('service', RM_PREMIUM_21, 'purchase', ANNUAL_0, { quantity: 5 })],
  },
  T35: 'renew-rm-premium',
};

function bodyOf(order: Order | Tutorial): string {
  return typeof order === 'string' ? tutorialRequest(order) : orderBody(order);
}

/** A tutorial's correct order, changed. */
function changed(tutorial: string, change: (order: Order) => void): string {
  const base = ORDERS[tutorial];
  if (base === undefined || typeof base === 'string') throw new Error(`${tutorial} has no order to change`);
  const order = structuredClone(base);
  change(order);
  return orderBody(order);
}

function lineOf(order: Order, i = 0) {
  const found = order.serviceList[i];
  if (!found) throw new Error(`no serviceList[${i}]`);
  return found;
}

async function place(body: string) {
  return call(live.sandbox, SAVE_PATH, { token: live.token, body });
}

describe('the guide’s scenarios', () => {
  afterEach(() => live.sandbox.faults.clear());

  it.each(Object.entries(ORDERS).map(([tutorial, order]) => ({ tutorial, body: bodyOf(order) })))(
    'when $tutorial’s order is sent, then it is placed',
    async ({ body }) => {
      const answer = await place(body);
      expect(answer.envelope).toMatchObject({ code: 'success', status: 200 });
    },
  );

  it('when a Cloud PBX switches down to a lower plan, then its billing cycle may change (T16)', async () => {
    const body = changed('T15', (o) => {
      o.operationType = 'switch_plan';
      o.serviceList = [line('plan', PCE.enterprise, 'switch', MONTH)];
    });
    expect((await place(body)).status).toBe(200);
  });

  it('when the account tries a software PBX, then the order makes a new instance, not one of its PBXs (T8)', async () => {
    const answer = await place(
      changed('T8', (o) => {
        delete o.partnerId;
      }),
    );
    const result = createOrderResultSchema.parse(answer.envelope.result);
    expect(result.productNo).not.toBe(PSE_OWN);
    expect(result.instanceId).not.toBe('1402218');
  });

  it('when trials need a billingId, then a trial without one is refused and one with it is placed', async () => {
    live.sandbox.faults.trialsNeedBillingId(true);
    const refused = await place(changed('T33', () => {}));
    expect(refused.envelope).toMatchObject({
      code: 'parameter_validation_failed',
      result: { field: 'billingId' },
    });
    const withBilling = changed('T33', (o) => {
      o.billingId = BILLING_ID;
    });
    expect((await place(withBilling)).status).toBe(200);
  });

  it('when a trial leaves out the billing fields its page shows no row for, then it is placed, unless the switch wants them', async () => {
    const bare = changed('T33', (o) => {
      const [trial] = o.serviceList;
      if (trial) {
        delete trial.billingModel;
        delete trial.billingCycle;
      }
    });
    expect((await place(bare)).status).toBe(200);

    live.sandbox.faults.unshownBillingRequired(true);
    expect((await place(bare)).envelope).toMatchObject({
      code: 'parameter_validation_failed',
      result: { field: 'serviceList[0].billingModel' },
    });
  });

  it('when a line leaves out a billing field its page does show, then it is refused naming the field', async () => {
    const cut = changed('T26', (o) => {
      const [renewal] = o.serviceList;
      if (renewal) delete renewal.multiCycle;
    });

    expect((await place(cut)).envelope).toMatchObject({
      code: 'parameter_validation_failed',
      result: { field: 'serviceList[0].multiCycle' },
    });
  });
});

interface Refusal {
  tutorial: string;
  when: string;
  body: string;
  field: string;
  message: RegExp;
}

const REFUSALS: Refusal[] = [
  // Renewals: what is held, at its count and billing cycle, plan and services together.
  {
    tutorial: 'T10',
    when: 'the PSE renewal’s extensions differ from the current',
    body: changed('T10', (o) => {
      lineOf(o).quantity = 29;
    }),
    field: 'serviceList[0].quantity',
    message: /quantity 29 must equal the current count of Ultimate Plan for PBX 3658B4311196B3F8 \(30\)/,
  },
  {
    tutorial: 'T15',
    when: 'the PCE renewal’s service count differs from the current',
    body: changed('T15', (o) => {
      lineOf(o, 1).quantity = 900;
    }),
    field: 'serviceList[1].quantity',
    message: /current count of Recording Minutes for PBX 3658B4311196D7E5 \(1000\)/,
  },
  {
    tutorial: 'T4',
    when: 'the appliance renewal changes the billing cycle',
    body: changed('T4', (o) => {
      o.serviceList = [line('plan', APPLIANCE.standard, 'renew', MONTH)];
    }),
    field: 'serviceList[0].billingCycle',
    message:
      /billingCycle must stay annually, the current billing cycle of Standard Plan for PBX 3631E0997265/,
  },
  {
    tutorial: 'T4',
    when: 'the PBX holds no plan to renew',
    body: changed('T4', (o) => {
      o.productNo = APPLIANCE_SPARE;
    }),
    field: 'serviceList[0].serviceId',
    message:
      /\(Standard Plan\) is not a current plan of PBX 3631E5520873 for product 11, so it cannot be renewed/,
  },
  {
    tutorial: 'T10',
    when: 'the PSE plan is renewed without the service it holds',
    body: changed('T10', (o) => {
      o.serviceList = o.serviceList.slice(0, 1);
    }),
    field: 'serviceList',
    message:
      /must renew Hot Standby \(3048566233445566464\) too: PBX 3658B4311196B3F8 holds it with its plan/,
  },
  {
    tutorial: 'T26',
    when: 'the Remote Management renewal runs for two years',
    body: changed('T26', (o) => {
      lineOf(o).multiCycle = 2;
    }),
    field: 'serviceList[0].multiCycle',
    message: /multiCycle must be 1 when billingCycle is annually for renew_plan of product 15 \(T26\)/,
  },
  {
    tutorial: 'T30',
    when: 'the PSE White Label renewal is for a customer who does not hold it',
    body: changed('T30', (o) => {
      o.partnerId = COLOR;
    }),
    field: 'serviceList[0].serviceId',
    message: /\(PSE White Label\) is not a current service of subordinate user 3076915454489739264/,
  },
  // Services on the current plan, within what it supports.
  {
    tutorial: 'T12',
    when: 'Disaster Recovery is bought for an Enterprise PBX',
    body: changed('T12', (o) => {
      o.productNo = PSE_OWN;
      delete o.partnerId;
      lineOf(o).connectionPlanId = PSE.enterprise;
    }),
    field: 'serviceList[0].serviceId',
    message:
      /\(Disaster Recovery\) is only supported on Ultimate Plan; PBX 3658B4311196A2C1 holds Enterprise Plan/,
  },
  {
    tutorial: 'T13',
    when: 'the expansion names another plan than the PBX’s current one',
    body: changed('T13', (o) => {
      lineOf(o).connectionPlanId = PSE.ultimate;
    }),
    field: 'serviceList[0].connectionPlanId',
    message: /must be the current plan of PBX 3658B4311196A2C1: 3048565011122233344 \(Enterprise Plan\)/,
  },
  {
    tutorial: 'T13',
    when: 'the expansion names no plan',
    body: changed('T13', (o) => {
      delete lineOf(o).connectionPlanId;
    }),
    field: 'serviceList[0].connectionPlanId',
    message: /connectionPlanId \(the current plan\) is required for purchase_service of product 12 \(T13\)/,
  },
  {
    tutorial: 'T13',
    when: 'the expansion has no quantity',
    body: changed('T13', (o) => {
      delete lineOf(o).quantity;
    }),
    field: 'serviceList[0].quantity',
    message: /quantity is required for purchase_service of product 12 \(T13\)/,
  },
  {
    tutorial: 'T17',
    when: 'the expansion takes a Cloud PBX past 500 extensions',
    body: changed('T17', (o) => {
      lineOf(o).quantity = 21;
    }),
    field: 'serviceList[0].quantity',
    message: /would bring PBX 3658B4311196E4F2 to 501 extensions; a Cloud PBX supports at most 500/,
  },
  {
    tutorial: 'T18',
    when: 'High Availability is bought for fewer than the current extensions',
    body: changed('T18', (o) => {
      lineOf(o).quantity = 100;
    }),
    field: 'serviceList[0].quantity',
    message: /quantity 100 must equal the current number of extensions of PBX 3658B4311196D7E5 \(120\)/,
  },
  {
    tutorial: 'T21',
    when: 'a customer without a Turnkey plan expands one',
    body: changed('T21', (o) => {
      o.partnerId = FJORD;
    }),
    field: 'serviceList[0].connectionPlanId',
    message: /subordinate user 3124567890123456789 holds no plan of product 14 to add services to/,
  },
  {
    tutorial: 'T25',
    when: 'additional connections are billed yearly',
    body: changed('T25', (o) => {
      o.serviceList = [
        line('service', RM.connections, 'purchase', YEAR, { quantity: 10, connectionPlanId: RM.plan }),
      ];
    }),
    field: 'serviceList[0].billingModel',
    message: /billingModel must be once for purchase_service of product 15 \(T25\)/,
  },
  {
    tutorial: 'T34',
    when: 'connections are added to RM Premium the customer does not hold',
    body: changed('T34', (o) => {
      o.partnerId = FJORD;
    }),
    field: 'serviceList[0].serviceId',
    message:
      /\(RM Premium\) is not a current service of subordinate user 3124567890123456789 .* cannot be extended/,
  },
  // A plan bought with its services.
  {
    tutorial: 'T8',
    when: 'a service tried with its plan names no connectionPlanId',
    body: changed('T8', (o) => {
      delete lineOf(o, 1).connectionPlanId;
    }),
    field: 'serviceList[1].connectionPlanId',
    message: /connectionPlanId \(the plan line's serviceId\) is required for trial_plan of product 12 \(T8\)/,
  },
  {
    tutorial: 'T20',
    when: 'the service names another plan than the plan line',
    body: changed('T20', (o) => {
      lineOf(o, 1).connectionPlanId = '3048941892189077505';
    }),
    field: 'serviceList[1].connectionPlanId',
    message: /is not a plan of product 14/,
  },
  {
    tutorial: 'T14',
    when: 'a Cloud PBX is bought with 4 extensions',
    body: changed('T14', (o) => {
      lineOf(o).quantity = 4;
    }),
    field: 'serviceList[0].quantity',
    message: /quantity must be at least 5 for purchase_plan of product 13 \(T14\)/,
  },
  {
    tutorial: 'T14',
    when: 'a Cloud PBX is bought with 501 extensions',
    body: changed('T14', (o) => {
      lineOf(o).quantity = 501;
    }),
    field: 'serviceList[0].quantity',
    message: /quantity must be at most 500/,
  },
  {
    tutorial: 'T14',
    when: 'a Cloud PBX is bought with extensions beyond 500 in all',
    body: changed('T14', (o) => {
      lineOf(o).quantity = 490;
      o.serviceList.push(
        line('service', PCE.extensions, 'purchase', YEAR, { quantity: 20, connectionPlanId: PCE.enterprise }),
      );
    }),
    field: 'serviceList[2].quantity',
    message: /would bring a new PBX for subordinate user 3124567890123456789 to 510 extensions/,
  },
  {
    tutorial: 'T14',
    when: 'a Cloud PBX is bought without orderPceSpecialRequest',
    body: changed('T14', (o) => {
      delete o.orderPceSpecialRequest;
    }),
    field: 'orderPceSpecialRequest',
    message: /orderPceSpecialRequest \(pbxName, regionId, pbxSubDomainId\) is required/,
  },
  {
    tutorial: 'T14',
    when: 'the Cloud PBX has no name',
    body: changed('T14', (o) => {
      o.orderPceSpecialRequest = { regionId: '1', pbxSubDomainId: '2' };
    }),
    field: 'orderPceSpecialRequest.pbxName',
    message: /orderPceSpecialRequest.pbxName is required/,
  },
  {
    tutorial: 'T9',
    when: 'the software PBX purchase carries two plans',
    body: changed('T9', (o) => {
      o.serviceList.push(line('plan', PSE.ultimate, 'purchase', YEAR, { quantity: 20 }));
    }),
    field: 'serviceList[2].serviceType',
    message: /one plan line at most/,
  },
  // Switches.
  {
    tutorial: 'T5',
    when: 'the appliance switches to the plan it holds',
    body: changed('T5', (o) => {
      lineOf(o).serviceId = '3048560232537899008';
    }),
    field: 'serviceList[0].serviceId',
    message: /\(Enterprise Plan\) is already the current plan of PBX 3631E7730256/,
  },
  {
    tutorial: 'T5',
    when: 'the PBX holds no plan to switch from',
    body: changed('T5', (o) => {
      o.productNo = APPLIANCE_SPARE;
      delete o.partnerId;
    }),
    field: 'productNo',
    message: /PBX 3631E5520873 holds no plan to switch from/,
  },
  {
    tutorial: 'T11',
    when: 'a monthly software PBX switches up to an annual Ultimate Plan',
    body: changed('T11', (o) => {
      o.productNo = PSE_NORDLYS_MONTHLY;
      o.partnerId = NORDLYS;
    }),
    field: 'serviceList[0].billingCycle',
    message: /billingCycle must stay monthly, the current billing cycle of PBX 3658B4311196C9A0/,
  },
  {
    tutorial: 'T16',
    when: 'a monthly Cloud PBX switches up to an annual plan',
    body: changed('T16', (o) => {
      o.serviceList = [line('plan', PCE.ultimate, 'switch', YEAR)];
    }),
    field: 'serviceList[0].billingCycle',
    message: /must stay monthly, .* switching to a higher plan cannot change it/,
  },
  {
    tutorial: 'T2',
    when: 'the Linkus switch is monthly',
    body: changed('T2', (o) => {
      o.serviceList = [line('plan', LINKUS_PRO, 'switch', MONTH)];
    }),
    field: 'serviceList[0].billingCycle',
    message: /billingCycle must be annually for switch_plan of product 9 \(T2\)/,
  },
  // Who holds the PBX.
  {
    tutorial: 'T7',
    when: 'a customer’s PBX is ordered for the account itself',
    body: changed('T7', (o) => {
      delete o.partnerId;
    }),
    field: 'productNo',
    message: /productNo 3631E3418911 is held by subordinate user 3076915454489739264, not by this account/,
  },
  {
    tutorial: 'T1',
    when: 'Linkus Cloud Service is bought without a serial number',
    body: changed('T1', (o) => {
      delete o.productNo;
    }),
    field: 'productNo',
    message: /productNo \(PBX serial number\) is required for product 9/,
  },
  // Terms.
  {
    tutorial: 'T6',
    when: 'the Hotel Module is billed monthly',
    body: changed('T6', (o) => {
      o.serviceList = [line('service', APPLIANCE.hotelModule, 'purchase', MONTH)];
    }),
    field: 'serviceList[0].billingModel',
    message: /billingModel must be once for purchase_service of product 11 \(T6\)/,
  },
  {
    tutorial: 'T27',
    when: 'a one-off payment names a yearly cycle',
    body: changed('T27', (o) => {
      o.serviceList = [line('service', WHITE_LABEL.pce, 'purchase', ['once', 'annually', 1])];
    }),
    field: 'serviceList[0].billingCycle',
    message: /billingCycle annually does not go with billingModel once/,
  },
  {
    tutorial: 'T23',
    when: 'a trial runs for a year',
    body: changed('T23', (o) => {
      o.serviceList = [line('plan', RM.plan, 'trial', YEAR)];
    }),
    field: 'serviceList[0].multiCycle',
    message: /multiCycle must be 0 when billingCycle is annually for trial_plan of product 15 \(T23\)/,
  },
  {
    tutorial: 'T23',
    when: 'a Remote Management trial carries a service',
    body: changed('T23', (o) => {
      o.serviceList.push(line('service', RM.connections, 'trial', ANNUAL_0, { connectionPlanId: RM.plan }));
    }),
    field: 'serviceList[1].serviceType',
    message: /serviceType must be plan for trial_plan of product 15 \(T23\)/,
  },
  {
    tutorial: 'T4',
    when: 'an order that is no trial has no billingId',
    body: changed('T4', (o) => {
      delete o.billingId;
    }),
    field: 'billingId',
    message: /^billingId is required$/,
  },
  {
    tutorial: 'T8',
    when: 'the activation e-mail goes to another tenant’s user',
    body: changed('T8', (o) => {
      o.assignId = '3076915454489739999';
    }),
    field: 'assignId',
    message: /^assignId 3076915454489739999 is not a subordinate user of this account$/,
  },
  // What the guide does not document.
  {
    tutorial: '—',
    when: 'Linkus Cloud Service is renewed (no such tutorial)',
    body: changed('T1', (o) => {
      o.operationType = 'renew_plan';
      o.productNo = S_SERIES_LINKUS;
      o.serviceList = [line('plan', LINKUS, 'renew', YEAR)];
    }),
    field: 'operationType',
    message: /operationType renew_plan is not documented for product 9 \(Linkus Cloud Service\)/,
  },
  {
    tutorial: '—',
    when: 'YCM White Label is purchased (no such tutorial)',
    body: changed('T27', (o) => {
      lineOf(o).serviceId = WHITE_LABEL.ycm;
    }),
    field: 'serviceList[0].serviceId',
    message:
      /3341070434683027456 \(YCM White Label\): purchase_service of it is not documented for product 19/,
  },
  {
    tutorial: 'T12',
    when: 'a T12 service and a T13 expansion share one order',
    body: changed('T12', (o) => {
      o.serviceList.push(
        line('service', PSE.calls, 'purchase', YEAR, { quantity: 2, connectionPlanId: PSE.ultimate }),
      );
    }),
    field: 'serviceList[1].serviceId',
    message: /\(Concurrent Call Expansion\) cannot be ordered in one order with Disaster Recovery/,
  },
];

describe('the guide’s rules', () => {
  it.each(REFUSALS)(
    'when $when ($tutorial), then the order is refused naming $field',
    async ({ body, field, message }) => {
      const before = live.sandbox.orders().length;
      const answer = await place(body);

      expect(answer.status).toBe(400);
      expect(answer.envelope).toMatchObject({ code: 'parameter_validation_failed', status: 400 });
      expect(answer.envelope.detailMessage).toMatch(message);
      expect(answer.envelope.result).toMatchObject({ field });
      expect(live.sandbox.orders()).toHaveLength(before);
    },
  );
});
