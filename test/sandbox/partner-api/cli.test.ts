import { parseCli, runCli } from '../../../src/sandbox/partner-api/cli';
import { postForm } from './client';

/** The flags for the faults an order desk must survive, and the switches they set (named as the control's keys). */
const ORDER_DESK_FLAGS = [
  ['--drop-abandoned-orders', '--commit-after', '300', '--answer-after', '40', '--list-lag', '900'],
  ['--omit-list-references', '--reject-order-tokens', '2', '--token-latency', '70', '--pending-orders'],
  ['--pay-after', '5000'],
].flat();
const ORDER_DESK_SWITCHES = {
  dropAbandonedOrders: true,
  commitAfterMs: 300,
  answerAfterMs: 40,
  listLagMs: 900,
  pendingOrders: true,
  payAfterMs: 5000,
  omitListReferences: true,
  rejectNextOrderTokens: 2,
  tokenLatencyMs: 70,
};

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';

describe('sandbox command line', () => {
  it('when no flags or PORT are given, then it listens on 4010 without faults', () => {
    expect(parseCli([], {})).toEqual({
      port: 4010,
      latencyMs: 0,
      failNext: 0,
      hang: false,
      loseOrderAnswers: 0,
      dropAbandonedOrders: false,
      commitAfterMs: 0,
      answerAfterMs: 0,
      listLagMs: 0,
      pendingOrders: false,
      payAfterMs: 0,
      omitListReferences: false,
      rejectNextOrderTokens: 0,
      tokenLatencyMs: 0,
      reshape: [],
      ipRestricted: false,
      permissionDenied: false,
      trialsNeedBillingId: false,
      unshownBillingRequired: false,
      repricePercent: 0,
      pricingDown: false,
      pricingLatencyMs: 0,
    });
  });

  it('when every flag is given, then each is read', () => {
    const argv = ['--latency', '250', '--fail-next', '2', '--hang', '--lose-order-answers', '1'];
    expect(parseCli([...argv, ...ORDER_DESK_FLAGS], { PORT: '5001' })).toEqual({
      port: 5001,
      latencyMs: 250,
      failNext: 2,
      hang: true,
      loseOrderAnswers: 1,
      ...ORDER_DESK_SWITCHES,
      reshape: [],
      ipRestricted: false,
      permissionDenied: false,
      trialsNeedBillingId: false,
      unshownBillingRequired: false,
      repricePercent: 0,
      pricingDown: false,
      pricingLatencyMs: 0,
    });
  });

  it('when --reprice, --pricing-down and --pricing-latency are given, then the pricing switches are read', () => {
    const flags = ['--reprice=-15', '--pricing-down', '--pricing-latency', '40'];
    expect(parseCli(flags, {})).toMatchObject({
      repricePercent: -15,
      pricingDown: true,
      pricingLatencyMs: 40,
    });
    expect(() => parseCli(['--reprice=-101'], {})).toThrow('--reprice must be an integer of -100 or more');
  });

  it('when --ip-restricted, --no-permission, --trials-need-billing-id and --unshown-billing-required are given, then each refusal is switched on', () => {
    const flags = [
      '--ip-restricted',
      '--no-permission',
      '--trials-need-billing-id',
      '--unshown-billing-required',
    ];
    expect(parseCli(flags, {})).toMatchObject({
      unshownBillingRequired: true,
      ipRestricted: true,
      permissionDenied: true,
      trialsNeedBillingId: true,
    });
  });

  it('when --reshape is given, then each change names what happens to which field of which endpoint', () => {
    const argv = [
      '--reshape',
      `drop:${CONTACTS}:[].billingContactId`,
      '--reshape',
      `add:${CONTACTS}:[].vatId`,
    ];
    expect(parseCli(argv, {}).reshape).toEqual([
      { change: 'drop', endpoint: CONTACTS, field: '[].billingContactId' },
      { change: 'add', endpoint: CONTACTS, field: '[].vatId' },
    ]);
  });

  it.each([
    [['--latency', 'slow'], {}, /--latency must be a non-negative integer/],
    [['--commit-after=-1'], {}, /--commit-after must be a non-negative integer/],
    [['--answer-after', 'soon'], {}, /--answer-after must be a non-negative integer/],
    [['--list-lag', '2.5'], {}, /--list-lag must be a non-negative integer/],
    [['--reject-order-tokens', 'all'], {}, /--reject-order-tokens must be a non-negative integer/],
    [['--token-latency'], {}, /argument missing/],
    [[], { PORT: 'eighty' }, /^PORT must be a non-negative integer/],
    [['--explode'], {}, /Unknown option '--explode'/],
    [['--reshape', 'rename:/x:[].a'], {}, /--reshape takes drop\|add\|retype:ENDPOINT:FIELD/],
    [['--reshape', 'drop:/x:a..b'], {}, /--reshape takes/],
  ])('when %j with %j is given, then it refuses with a usage message', (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(message);
  });

  it('when started, then it prints its URL and credentials and applies the fault flags', async () => {
    const lines: string[] = [];
    const settings = parseCli(['--fail-next', '1'], { PORT: '0' });
    const sandbox = await runCli(settings, (line) => lines.push(line));
    try {
      expect(lines.join('\n')).toContain(`YEASTAR_BASE_URL=${sandbox.url}`);
      expect(lines.join('\n')).toContain('YEASTAR_CLIENT_ID=sandbox');
      expect(lines.join('\n')).toContain('YEASTAR_CLIENT_SECRET=sandbox-secret');
      const form = { grant_type: 'pp_credentials', client_id: 'sandbox', client_secret: 'sandbox-secret' };
      expect((await postForm(sandbox, form)).status).toBe(503);
      expect((await postForm(sandbox, form)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('when started with the order-desk flags, then the sandbox reports those switches set', async () => {
    const sandbox = await runCli(parseCli(ORDER_DESK_FLAGS, { PORT: '0' }), () => undefined);
    try {
      const answer = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', body: '{}' });
      expect(((await answer.json()) as { result: unknown }).result).toMatchObject(ORDER_DESK_SWITCHES);
    } finally {
      await sandbox.close();
    }
  });
});
