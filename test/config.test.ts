import { ConfigError, loadConfig } from '../src/config';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  APPROVALS_CHANNEL_ID: 'C0APPROVALS',
  ORDERS_CHANNEL_ID: 'C0ORDERS',
  APPROVER_USER_IDS: 'U0BEN, U0DANA',
  YEASTAR_CLIENT_ID: 'client-id',
  YEASTAR_CLIENT_SECRET: 'client-secret-value',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('when every setting is valid, then defaults fill the rest', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      PORT: 3000,
      APPROVER_USER_IDS: ['U0BEN', 'U0DANA'],
      ALLOW_SELF_APPROVAL: false,
      YEASTAR_SANDBOX: false,
      YEASTAR_BASE_URL: 'https://openapi.partner.yeastar.com',
      DATABASE_URL: 'sqlite:./data/orders.sqlite',
      LOG_LEVEL: 'info',
      ORDER_DEADLINE_MS: 30_000,
      STALE_PLACING_MS: 120_000,
      RECONCILE_GRACE_MS: 600_000,
    });
  });

  it('when the placer’s lease is not safely above the placement deadline, then start-up is refused, saying by how much', () => {
    expect(problems({ ...valid, ORDER_DEADLINE_MS: '30000', STALE_PLACING_MS: '45000' })).toEqual([
      'STALE_PLACING_MS must be at least twice ORDER_DEADLINE_MS (30000 ms), so that an order still being placed never looks abandoned; it is 45000',
    ]);
    expect(problems({ ...valid, ORDER_DEADLINE_MS: '30000', STALE_PLACING_MS: '60000' })).toEqual([]);
  });

  it('when the grace period is shorter than the stale threshold, then start-up is refused', () => {
    expect(problems({ ...valid, STALE_PLACING_MS: '120000', RECONCILE_GRACE_MS: '60000' })).toEqual([
      'RECONCILE_GRACE_MS must be at least STALE_PLACING_MS (120000 ms): Yeastar may record an order after the app stopped waiting; it is 60000',
    ]);
  });

  it('when settings are missing or bad, then each problem is named once, without echoing values', () => {
    const found = problems({
      ...valid,
      SLACK_BOT_TOKEN: 'not-a-token',
      ORDERS_CHANNEL_ID: '',
      PORT: 'eighty',
    });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/SLACK_BOT_TOKEN must start with xoxb-/);
    expect(found.join('\n')).toMatch(/ORDERS_CHANNEL_ID/);
    expect(found.join('\n')).toMatch(/PORT/);
    expect(found.join('\n')).not.toContain('not-a-token');
  });

  it('when no approver is configured, then start-up is refused', () => {
    expect(problems({ ...valid, APPROVER_USER_IDS: '' })).toEqual([
      expect.stringMatching(/APPROVER_USER_IDS .*nobody could approve/),
    ]);
  });

  it('when the sandbox is on, then Partner API credentials are not needed', () => {
    const { YEASTAR_CLIENT_ID: _id, YEASTAR_CLIENT_SECRET: _secret, ...rest } = valid;
    expect(problems(rest)).toHaveLength(2);
    expect(loadConfig({ ...rest, YEASTAR_SANDBOX: 'true' }).YEASTAR_SANDBOX).toBe(true);
  });

  it('when a secret is missing, then the message says where to find it', () => {
    const { SLACK_SIGNING_SECRET: _s, ...rest } = valid;
    expect(problems(rest)).toEqual([
      expect.stringMatching(/SLACK_SIGNING_SECRET is required \(Basic Information/),
    ]);
  });
});
