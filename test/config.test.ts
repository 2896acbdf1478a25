import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, SETTING_NAMES } from '../src/config';

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
      'SLACK_SIGNING_SECRET is required: the Signing Secret from Basic Information',
    ]);
  });

  it('when many settings are wrong at once, including ones checked against each other, then one run reports every problem', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      APPROVALS_CHANNEL_ID: 'C0SAME',
      ORDERS_CHANNEL_ID: 'C0SAME',
      PORT: 'eighty',
      APPROVER_USER_IDS: 'U0BEN, ben',
      ORDER_DEADLINE_MS: '30000',
      STALE_PLACING_MS: '45000',
    });
    expect(found).toEqual([
      'SLACK_BOT_TOKEN must start with xoxb-: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
      'SLACK_SIGNING_SECRET is required: the Signing Secret from Basic Information',
      'PORT must be a port number from 0 to 65535',
      'APPROVER_USER_IDS entry 2 of 2 is not a Slack user ID such as U0123456789, from a profile’s ⋮ › Copy member ID',
      expect.stringMatching(/^ORDERS_CHANNEL_ID must differ from APPROVALS_CHANNEL_ID/),
      expect.stringMatching(/^STALE_PLACING_MS must be at least twice ORDER_DEADLINE_MS/),
      'YEASTAR_CLIENT_ID is required (Partner Portal › System › API), or set YEASTAR_SANDBOX=true',
      'YEASTAR_CLIENT_SECRET is required (Partner Portal › System › API), or set YEASTAR_SANDBOX=true',
    ]);
    expect(found.join('\n')).not.toContain('xoxp-user-token');
  });

  it('when a number of milliseconds is not a number, then the message says what is expected, not how the parser failed', () => {
    expect(problems({ ...valid, SLACK_TIMEOUT_MS: 'ten seconds' })).toEqual([
      'SLACK_TIMEOUT_MS must be a whole number of milliseconds, at least 100',
    ]);
  });

  it('when reminders and expiry are left out, then approvers are reminded twice, 4 hours apart, and requests expire after 7 days', () => {
    expect(loadConfig(valid)).toMatchObject({
      REMINDER_AFTER: 4 * 3_600_000,
      REMINDER_MAX: 2,
      EXPIRE_AFTER: 7 * 86_400_000,
    });
  });

  it('when durations are given with units, then they are read as such; without a unit or too short, they are refused', () => {
    expect(loadConfig({ ...valid, REMINDER_AFTER: '1h30m', EXPIRE_AFTER: '2d' })).toMatchObject({
      REMINDER_AFTER: 90 * 60_000,
      EXPIRE_AFTER: 2 * 86_400_000,
    });
    expect(
      problems({ ...valid, REMINDER_AFTER: '14400000', EXPIRE_AFTER: '30s', REMINDER_MAX: '-1' }),
    ).toEqual([
      'REMINDER_AFTER must be a duration of at least 1m, such as 30m, 4h, 7d or 1h30m',
      'REMINDER_MAX must be a whole number from 0 to 20',
      'EXPIRE_AFTER must be a duration of at least 1h, such as 30m, 4h, 7d or 1h30m',
    ]);
  });

  it('when second-approval rules are given, then they are read, and every bad one is named in one round', () => {
    expect(
      loadConfig({
        ...valid,
        SECOND_APPROVAL_PRODUCTS: '21, 13',
        SECOND_APPROVAL_ABOVE_QUANTITY: '100',
        SECOND_APPROVAL_ABOVE_AMOUNT: '1000.50 USD',
      }),
    ).toMatchObject({
      SECOND_APPROVAL_PRODUCTS: [21, 13],
      SECOND_APPROVAL_ABOVE_QUANTITY: 100,
      SECOND_APPROVAL_ABOVE_AMOUNT: { amount: '1000.50', currency: 'USD' },
    });
    expect(
      problems({
        ...valid,
        SECOND_APPROVAL_PRODUCTS: '21,rm',
        SECOND_APPROVAL_ABOVE_QUANTITY: '0',
        SECOND_APPROVAL_ABOVE_AMOUNT: 'a lot',
      }),
    ).toEqual([
      expect.stringMatching(/^SECOND_APPROVAL_PRODUCTS "rm" is not a product the app orders \(one of 19, 14/),
      'SECOND_APPROVAL_ABOVE_AMOUNT must be an amount and a currency code, such as 1000 USD',
      'SECOND_APPROVAL_ABOVE_QUANTITY must be a whole number of at least 1',
    ]);
  });

  it('when reminders would come only after the request expired, then that is refused, unless there are none', () => {
    expect(problems({ ...valid, REMINDER_AFTER: '8d' })).toEqual([
      expect.stringMatching(/^REMINDER_AFTER must be shorter than EXPIRE_AFTER/),
    ]);
    expect(problems({ ...valid, REMINDER_AFTER: '8d', REMINDER_MAX: '0' })).toEqual([]);
  });

  it('when an approver user group is malformed, then that is the problem named, not a missing approver', () => {
    expect(problems({ ...valid, APPROVER_USER_IDS: '', APPROVER_USERGROUP_ID: 'approvers' })).toEqual([
      'APPROVER_USERGROUP_ID must be a Slack ID: a user group ID such as S0123456789',
    ]);
  });

  describe('.env.example', () => {
    const example = Object.fromEntries(
      readFileSync(join(__dirname, '..', '.env.example'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );

    it('when .env.example is compared with the settings, then it lists every setting and no other', () => {
      expect(Object.keys(example).sort()).toEqual([...SETTING_NAMES].sort());
    });

    it('when .env.example is copied and never filled in, then its placeholders are refused, each saying what to put instead', () => {
      const found = problems({ ...example, YEASTAR_CLIENT_ID: 'client-id', YEASTAR_CLIENT_SECRET: 'secret' });
      for (const key of [
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'APPROVALS_CHANNEL_ID',
        'ORDERS_CHANNEL_ID',
        'APPROVER_USER_IDS',
      ]) {
        expect(found).toContainEqual(
          expect.stringMatching(new RegExp(`^${key} is still the example value of .env.example: put `)),
        );
      }
    });
  });
});
