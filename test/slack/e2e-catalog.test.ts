import { SCENARIOS } from '../../src/catalog';
import { playRequest, type RequestPlay } from '../../src/demo';
import { ACCOUNT } from '../../src/sandbox/partner-api/seed';
import { holdingKey } from '../../src/slack/options/holdings';
import { parseJson } from '../../src/yeastar/json';
import { until } from '../support/poll';
import { APPROVALS, APPROVER, type Harness, REQUESTER, startHarness } from './support/e2e-harness';

/**
 * Every catalog row, from the slash command through the real modal and an approval, to the exact
 * Create an Order body the sandbox accepted. The sandbox checks the guide's rules on its own (it knows
 * nothing of the catalog), so a row that builds a body the guide does not allow fails here.
 */

const B = '3197218168379846218';
const OWN = ACCOUNT.ucId;
const NORDLYS = '3102345678901234567';
const LOTUS = '3113456789012345678';
const FJORD = '3124567890123456789';

/** A serviceList line: type, ID, then what it carries, in the order the body builder writes them. */
function line(type: 'plan' | 'service', id: string, rest: string): string {
  return `{"serviceType":"${type}","serviceId":${id}${rest ? `,${rest}` : ''}}`;
}
const term = (purchaseType: string, model: string | undefined, cycle: string | undefined, multi?: number) =>
  [
    `"purchaseType":"${purchaseType}"`,
    model && `"billingModel":"${model}"`,
    cycle && `"billingCycle":"${cycle}"`,
    multi !== undefined && `"multiCycle":${multi}`,
  ]
    .filter(Boolean)
    .join(',');

function body(head: string, lines: string[]): string {
  return `{${head},"serviceList":[${lines.join(',')}]}`;
}

interface Case {
  id: string;
  play: RequestPlay;
  expected: string;
}

const renewal = (
  id: string,
  held: { planId?: string; serviceId?: string },
  place: string,
  choices: Record<string, string>,
  expected: string,
): Case => ({
  id,
  play: {
    command: '/renew',
    choices: { ...choices, holding: holdingKey(id, held, place), billing_contact: B },
  },
  expected,
});

const purchase = (id: string, product: number, choices: Record<string, string>, expected: string): Case => ({
  id,
  play: { command: '/purchase', choices: { product: String(product), scenario: id, ...choices } },
  expected,
});

const CASES: Case[] = [
  renewal(
    'renew-ycm-white-label',
    { serviceId: '3341070434683027456' },
    OWN,
    {},
    body(`"operationType":"renew_service","productId":19,"billingId":${B}`, [
      line('service', '3341070434683027456', term('renew', 'recurring', 'annually', 0)),
    ]),
  ),
  renewal(
    'renew-pse-white-label',
    { serviceId: '3341070123456789504' },
    NORDLYS,
    { customer: NORDLYS, term: 'annually:1' },
    body(`"operationType":"renew_service","productId":19,"partnerId":"${NORDLYS}","billingId":${B}`, [
      line('service', '3341070123456789504', term('renew', 'recurring', 'annually', 1)),
    ]),
  ),
  renewal(
    'renew-turnkey-plan',
    { planId: '3048941892189077504' },
    OWN,
    {},
    body(`"operationType":"renew_plan","productId":14,"billingId":${B}`, [
      line('plan', '3048941892189077504', `"quantity":100,${term('renew', 'recurring', 'annually', 0)}`),
    ]),
  ),
  renewal(
    'renew-turnkey-plan-and-service',
    { planId: '3048941892189077504', serviceId: '3048942310987654144' },
    OWN,
    {},
    body(`"operationType":"renew_plan","productId":14,"billingId":${B}`, [
      line('plan', '3048941892189077504', `"quantity":100,${term('renew', 'recurring', 'annually', 0)}`),
      line(
        'service',
        '3048942310987654144',
        `"connectionPlanId":3048941892189077504,"quantity":20,${term('renew', 'recurring', 'annually', 0)}`,
      ),
    ]),
  ),
  renewal(
    'renew-rm-premium',
    { serviceId: '3375819276601303040' },
    OWN,
    {},
    body(`"operationType":"renew_service","productId":21,"billingId":${B}`, [
      line('service', '3375819276601303040', `"quantity":10,${term('renew', 'recurring', 'annually', 0)}`),
    ]),
  ),
  renewal(
    'renew-remote-management',
    { planId: '3102233445566778880' },
    OWN,
    {},
    body(`"operationType":"renew_plan","productId":15,"billingId":${B}`, [
      line('plan', '3102233445566778880', term('renew', 'recurring', 'annually', 1)),
    ]),
  ),
  renewal(
    'renew-appliance-plan',
    { planId: '3048558946648207360' },
    '3631E0997265',
    { term: 'annually:2' },
    body(`"operationType":"renew_plan","productNo":"3631E0997265","productId":11,"billingId":${B}`, [
      line('plan', '3048558946648207360', term('renew', 'recurring', 'annually', 2)),
    ]),
  ),
  renewal(
    'renew-pse-plan',
    { planId: '3048565011122233344' },
    '3658B4311196A2C1',
    { term: 'annually:1' },
    body(`"operationType":"renew_plan","productNo":"3658B4311196A2C1","productId":12,"billingId":${B}`, [
      line('plan', '3048565011122233344', `"quantity":50,${term('renew', 'recurring', 'annually', 1)}`),
    ]),
  ),
  renewal(
    'renew-pse-plan-and-service',
    { planId: '3048565433344455680', serviceId: '3048566233445566464' },
    '3658B4311196B3F8',
    { customer: LOTUS, term: 'annually:1' },
    body(
      `"operationType":"renew_plan","productNo":"3658B4311196B3F8","productId":12,"partnerId":"${LOTUS}","billingId":${B}`,
      [
        line('plan', '3048565433344455680', `"quantity":30,${term('renew', 'recurring', 'annually', 1)}`),
        line(
          'service',
          '3048566233445566464',
          `"connectionPlanId":3048565433344455680,${term('renew', 'recurring', 'annually', 1)}`,
        ),
      ],
    ),
  ),
  // Monthly now: the one term a monthly renewal can have is chosen for the person.
  renewal(
    'renew-pce-plan',
    { planId: '3048571730026938368' },
    '3658B4311196E4F2',
    {},
    body(`"operationType":"renew_plan","productNo":"3658B4311196E4F2","productId":13,"billingId":${B}`, [
      line('plan', '3048571730026938368', `"quantity":480,${term('renew', 'recurring', 'monthly', 0)}`),
    ]),
  ),
  renewal(
    'renew-pce-plan-and-service',
    { planId: '3048572026291630080', serviceId: '3048573759449317376' },
    '3658B4311196D7E5',
    { customer: NORDLYS, term: 'annually:1' },
    body(
      `"operationType":"renew_plan","productNo":"3658B4311196D7E5","productId":13,"partnerId":"${NORDLYS}","billingId":${B}`,
      [
        line('plan', '3048572026291630080', `"quantity":120,${term('renew', 'recurring', 'annually', 1)}`),
        line(
          'service',
          '3048573759449317376',
          `"connectionPlanId":3048572026291630080,"quantity":1000,${term('renew', 'recurring', 'annually', 1)}`,
        ),
      ],
    ),
  ),
  purchase(
    'purchase-linkus',
    9,
    { billing_contact: B, serial_number: '3630D2208815', plan: '3048918321840570368', term: 'annually:1' },
    body(`"operationType":"purchase_plan","productNo":"3630D2208815","productId":9,"billingId":${B}`, [
      line('plan', '3048918321840570368', term('purchase', 'recurring', 'annually', 1)),
    ]),
  ),
  // The one plan it is not on now is chosen for the person.
  purchase(
    'switch-linkus',
    9,
    { billing_contact: B, serial_number: '3630D1764402', term: 'annually:1' },
    body(`"operationType":"switch_plan","productNo":"3630D1764402","productId":9,"billingId":${B}`, [
      line('plan', '3048918719332507648', term('switch', 'recurring', 'annually', 1)),
    ]),
  ),
  purchase(
    'purchase-appliance-plan',
    11,
    { billing_contact: B, serial_number: '3631E5520873', plan: '3048560232537899008', term: 'monthly:0' },
    body(`"operationType":"purchase_plan","productNo":"3631E5520873","productId":11,"billingId":${B}`, [
      line('plan', '3048560232537899008', term('purchase', 'recurring', 'monthly', 0)),
    ]),
  ),
  purchase(
    'switch-appliance-plan',
    11,
    { billing_contact: B, serial_number: '3631E0997265', plan: '3048560232537899008', term: 'annually:1' },
    body(`"operationType":"switch_plan","productNo":"3631E0997265","productId":11,"billingId":${B}`, [
      line('plan', '3048560232537899008', term('switch', 'recurring', 'annually', 1)),
    ]),
  ),
  purchase(
    'purchase-appliance-service',
    11,
    { billing_contact: B, serial_number: '3631E0997265', service: '3299326068732223488' },
    body(`"operationType":"purchase_service","productNo":"3631E0997265","productId":11,"billingId":${B}`, [
      line('service', '3299326068732223488', term('purchase', 'once', 'once', 0)),
    ]),
  ),
  purchase(
    'trial-pse',
    12,
    { plan: '3048565011122233344' },
    body(`"operationType":"trial_plan","productId":12`, [
      line('plan', '3048565011122233344', term('trial', undefined, undefined, 0)),
    ]),
  ),
  purchase(
    'purchase-pse-licence',
    12,
    { billing_contact: B, plan: '3048565433344455680', quantity: '20', term: 'annually:1' },
    body(`"operationType":"purchase_plan","productId":12,"billingId":${B}`, [
      line('plan', '3048565433344455680', `"quantity":20,${term('purchase', 'recurring', 'annually', 1)}`),
    ]),
  ),
  purchase(
    'purchase-pse-licence-for-pbx',
    12,
    {
      billing_contact: B,
      serial_number: '3658B4311196A2C1',
      plan: '3048565433344455680',
      quantity: '50',
      term: 'annually:1',
    },
    body(`"operationType":"purchase_plan","productNo":"3658B4311196A2C1","productId":12,"billingId":${B}`, [
      line('plan', '3048565433344455680', `"quantity":50,${term('purchase', 'recurring', 'annually', 1)}`),
    ]),
  ),
  purchase(
    'switch-pse-plan',
    12,
    { billing_contact: B, serial_number: '3658B4311196A2C1', term: 'annually:1' },
    body(`"operationType":"switch_plan","productNo":"3658B4311196A2C1","productId":12,"billingId":${B}`, [
      line('plan', '3048565433344455680', term('switch', 'recurring', 'annually', 1)),
    ]),
  ),
  purchase(
    'pse-add-service',
    12,
    {
      billing_contact: B,
      serial_number: '3658B4311196A2C1',
      service: '3048566233445566464',
      term: 'annually:1',
    },
    body(
      `"operationType":"purchase_service","productNo":"3658B4311196A2C1","productId":12,"billingId":${B}`,
      [
        line(
          'service',
          '3048566233445566464',
          `"connectionPlanId":3048565011122233344,${term('purchase', 'recurring', 'annually', 1)}`,
        ),
      ],
    ),
  ),
  purchase(
    'expand-pse',
    12,
    {
      billing_contact: B,
      serial_number: '3658B4311196A2C1',
      service: '3048566011223344128',
      quantity: '10',
      term: 'annually:1',
    },
    body(
      `"operationType":"purchase_service","productNo":"3658B4311196A2C1","productId":12,"billingId":${B}`,
      [
        line(
          'service',
          '3048566011223344128',
          `"connectionPlanId":3048565011122233344,"quantity":10,${term('purchase', 'recurring', 'annually', 1)}`,
        ),
      ],
    ),
  ),
  // The own account's one Cloud PBX, its one higher plan and its one monthly term are chosen for the person.
  purchase(
    'switch-pce-plan',
    13,
    { billing_contact: B },
    body(`"operationType":"switch_plan","productNo":"3658B4311196E4F2","productId":13,"billingId":${B}`, [
      line('plan', '3048572026291630080', term('switch', 'recurring', 'monthly', 0)),
    ]),
  ),
  purchase(
    'expand-pce-extensions',
    13,
    { billing_contact: B, quantity: '20', term: 'monthly:0' },
    body(
      `"operationType":"purchase_service","productNo":"3658B4311196E4F2","productId":13,"billingId":${B}`,
      [
        line(
          'service',
          '3048573516041273344',
          `"connectionPlanId":3048571730026938368,"quantity":20,${term('purchase', 'recurring', 'monthly', 0)}`,
        ),
      ],
    ),
  ),
  purchase(
    'expand-pce-recording',
    13,
    { billing_contact: B, quantity: '1000', term: 'once:0' },
    body(
      `"operationType":"purchase_service","productNo":"3658B4311196E4F2","productId":13,"billingId":${B}`,
      [
        line(
          'service',
          '3048573759449317376',
          `"connectionPlanId":3048571730026938368,"quantity":1000,${term('purchase', 'once', 'once', 0)}`,
        ),
      ],
    ),
  ),
  // High Availability is bought for the current extensions, which the app fills in.
  purchase(
    'pce-high-availability',
    13,
    { billing_contact: B, term: 'monthly:0' },
    body(
      `"operationType":"purchase_service","productNo":"3658B4311196E4F2","productId":13,"billingId":${B}`,
      [
        line(
          'service',
          '3048573935752720384',
          `"connectionPlanId":3048571730026938368,"quantity":480,${term('purchase', 'recurring', 'monthly', 0)}`,
        ),
      ],
    ),
  ),
  purchase(
    'trial-turnkey',
    14,
    { customer: FJORD },
    body(`"operationType":"trial_plan","productId":14,"partnerId":"${FJORD}"`, [
      line('plan', '3048941892189077504', term('trial', undefined, undefined, 0)),
    ]),
  ),
  purchase(
    'purchase-turnkey',
    14,
    { customer: FJORD, billing_contact: B, quantity: '25', term: 'annually:1' },
    body(`"operationType":"purchase_plan","productId":14,"partnerId":"${FJORD}","billingId":${B}`, [
      line('plan', '3048941892189077504', `"quantity":25,${term('purchase', 'recurring', 'annually', 1)}`),
    ]),
  ),
  purchase(
    'expand-turnkey',
    14,
    { billing_contact: B, service: '3048942533221100032', quantity: '5', term: 'annually:1' },
    body(`"operationType":"purchase_service","productId":14,"billingId":${B}`, [
      line(
        'service',
        '3048942533221100032',
        `"connectionPlanId":3048941892189077504,"quantity":5,${term('purchase', 'recurring', 'annually', 1)}`,
      ),
    ]),
  ),
  purchase(
    'trial-remote-management',
    15,
    { customer: FJORD },
    body(`"operationType":"trial_plan","productId":15,"partnerId":"${FJORD}"`, [
      line('plan', '3102233445566778880', term('trial', undefined, undefined, 0)),
    ]),
  ),
  purchase(
    'purchase-remote-management',
    15,
    { customer: FJORD, billing_contact: B, quantity: '10', term: 'annually:1' },
    body(`"operationType":"purchase_plan","productId":15,"partnerId":"${FJORD}","billingId":${B}`, [
      line(
        'plan',
        '3102233445566778880',
        `"connectionPlanId":3102233445566778880,"quantity":10,${term('purchase', 'recurring', 'annually', 1)}`,
      ),
    ]),
  ),
  purchase(
    'expand-remote-management',
    15,
    { billing_contact: B, quantity: '5' },
    body(`"operationType":"purchase_service","productId":15,"billingId":${B}`, [
      line(
        'service',
        '3102233667788990464',
        `"connectionPlanId":3102233445566778880,"quantity":5,${term('purchase', undefined, 'once', 0)}`,
      ),
    ]),
  ),
  purchase(
    'purchase-pce-white-label',
    19,
    { customer: FJORD, billing_contact: B, term: 'annually:1' },
    body(`"operationType":"purchase_service","productId":19,"partnerId":"${FJORD}","billingId":${B}`, [
      line('service', '3341069876543210496', term('purchase', 'recurring', 'annually', 1)),
    ]),
  ),
  purchase(
    'purchase-pse-white-label',
    19,
    { customer: FJORD, billing_contact: B, quantity: '3', term: 'annually:1' },
    body(`"operationType":"purchase_service","productId":19,"partnerId":"${FJORD}","billingId":${B}`, [
      line('service', '3341070123456789504', `"quantity":3,${term('purchase', 'recurring', 'annually', 1)}`),
    ]),
  ),
  purchase(
    'trial-pse-white-label',
    19,
    { customer: FJORD },
    body(`"operationType":"trial_service","productId":19,"partnerId":"${FJORD}"`, [
      line('service', '3341070123456789504', term('trial', undefined, undefined)),
    ]),
  ),
  purchase(
    'purchase-rm-premium',
    20,
    { billing_contact: B, quantity: '10' },
    body(`"operationType":"purchase_service","productId":20,"billingId":${B}`, [
      line('service', '3375818821640175616', `"quantity":10,${term('purchase', 'recurring', 'annually', 0)}`),
    ]),
  ),
  purchase(
    'trial-rm-premium',
    21,
    { customer: FJORD },
    body(`"operationType":"trial_service","productId":21,"partnerId":"${FJORD}"`, [
      line('service', '3375819276601303040', term('trial', undefined, undefined, 0)),
    ]),
  ),
  purchase(
    'expand-rm-premium',
    21,
    { billing_contact: B, quantity: '5' },
    body(`"operationType":"purchase_service","productId":21,"billingId":${B}`, [
      line('service', '3375819276601303040', `"quantity":5,${term('purchase', 'recurring', 'annually', 0)}`),
    ]),
  ),
];

it('when the table is read, then it has one case for every catalog row', () => {
  expect(CASES.map((c) => c.id).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
});

describe('every catalog row through Slack and the sandbox', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  function withoutPoNumber(text: string): unknown {
    const { poNumber: _reference, ...rest } = parseJson(text) as Record<string, unknown>;
    return rest;
  }

  test.each(CASES)(
    'when $id is requested from its slash command and approved, then it is priced and the sandbox accepts exactly its body',
    async ({ play, expected }) => {
      await playRequest(h.driver, REQUESTER, play);
      const message = await h.emulator.waitFor(() => h.emulator.messages(APPROVALS)[0], { what: 'approval' });
      // Priced at submission by the sandbox's plan and add-on information endpoints, line by line.
      expect(JSON.stringify(message.blocks)).toMatch(/\*Price\*\\nUSD \d+\.\d\d/);

      await h.driver.click(APPROVER, APPROVALS, message.ts, 'approve_request');
      const [stored] = await h.desk.store.requests.listRequesterRequests(REQUESTER, 1);
      const decided = await until(async () => {
        const now = await h.desk.store.requests.get(stored?.id ?? '');
        return now && ['placed', 'failed'].includes(now.state) && now;
      }, 'the order placed or refused');

      // A refusal names what the sandbox's rules found wrong.
      expect(decided.failure?.detailMessage).toBeUndefined();
      const [order] = h.sandbox.orders();
      expect(h.sandbox.orders()).toHaveLength(1);
      expect(withoutPoNumber(order?.rawBody ?? '{}')).toEqual(withoutPoNumber(expected));
    },
  );
});
