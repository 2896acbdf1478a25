import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Report, renderText, runDoctor } from '../../src/doctor/index';
import { useOfflineWorld } from '../support/offline-world';
import { closedPort } from '../yeastar/support/servers';

/**
 * The doctor against the sandbox and the emulator: all ✓ as they come, and with each fault the matching ✗,
 * its fix, and a failed report. It changes nothing and prints no secret.
 */

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';
const SIGNING_SECRET = 'doctor-test-signing-secret';

const world = useOfflineWorld();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yod-doctor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const settings = (env: Record<string, string> = {}) =>
  world.settings({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    DATABASE_URL: `sqlite:${join(dir, 'orders.sqlite')}`,
    ...env,
  });

const failures = (report: Report) => report.checks.filter((c) => !c.ok);
const failure = (report: Report, name: RegExp) => failures(report).find((c) => name.test(c.name));

test('when the sandbox and the emulator are as they come, then every check passes, and nothing was created, posted or ordered', async () => {
  const report = await runDoctor(settings());

  expect(failures(report)).toEqual([]);
  expect(report.ok).toBe(true);
  expect(renderText(report)).toMatch(/All \d+ checks passed: npm start is ready to go\.$/);
  expect(report.checks.map((c) => `${c.section}: ${c.name}`)).toEqual(
    expect.arrayContaining([
      'Database: reachable',
      'Slack: bot token (SLACK_BOT_TOKEN)',
      'Slack: scopes',
      'Slack: bot in the approvals channel CAPPROVALS',
      'Slack: bot in the orders channel CORDERS',
      'Slack: approver UAPPROVER',
      'Partner API: token refresh',
      'Partner API: plans and services of P-Series Plan for Appliance Edition (11)',
      "Partner API: price of P-Series Plan for Appliance Edition (11)'s Standard Plan",
      'Partner API: instances of RM Premium (21)',
      'Partner API: order list',
    ]),
  );
  expect(existsSync(join(dir, 'orders.sqlite'))).toBe(false);
  expect(world.sandbox.orders()).toEqual([]);
  expect(world.sandbox.requestCount('/order/openapi/order/v1/save')).toBe(0);
  expect(
    world.emulator.calls().filter((c) => !/^(auth\.test|conversations\.info|users\.info)$/.test(c.method)),
  ).toEqual([]);
});

test('when Yeastar cannot price, then each price check fails with what the app does without it, and the report passes', async () => {
  world.sandbox.faults.pricingDown(true);

  const report = await runDoctor(settings());

  const prices = failures(report);
  expect(prices.length).toBeGreaterThan(0);
  for (const check of prices) {
    expect(check).toMatchObject({ name: expect.stringMatching(/^price of /), required: false });
    expect(check.fix).toMatch(/price not available from Yeastar/);
  }
  expect(report.ok).toBe(true);
});

test('when Slack refuses the bot token, then that check fails with its fix, and the report fails', async () => {
  const report = await runDoctor(settings({ SLACK_BOT_TOKEN: 'xoxb-revoked-token' }));

  expect(failure(report, /^bot token/)).toMatchObject({
    detail: 'refused: invalid_auth',
    fix: expect.stringMatching(/Bot User OAuth Token/),
  });
  expect(report.ok).toBe(false);
});

test('when the bot is not in the approvals channel, then the doctor says to invite it, and the report fails', async () => {
  world.emulator.faults.removeBot(['CAPPROVALS']);

  const report = await runDoctor(settings());

  expect(failures(report)).toEqual([
    expect.objectContaining({
      name: 'bot in the approvals channel CAPPROVALS',
      required: true,
      fix: 'invite it: /invite @Yeastar Order Desk in that channel',
    }),
  ]);
  expect(report.ok).toBe(false);
});

test('when the Partner API refuses the credentials, then the doctor names the client ID or secret, and the report fails', async () => {
  const report = await runDoctor(settings({ YEASTAR_CLIENT_SECRET: 'not-the-secret' }));

  expect(failures(report)).toEqual([
    expect.objectContaining({
      section: 'Partner API',
      detail: expect.stringMatching(/^the client ID or the client secret is wrong/),
      fix: expect.stringMatching(/YEASTAR_CLIENT_SECRET/),
    }),
  ]);
  expect(report.ok).toBe(false);
});

test('when an answer lacks a field the app needs, then the doctor names it by its path and the report fails; an added field is named, but harmless', async () => {
  world.sandbox.faults.reshape([
    { endpoint: CONTACTS, field: '[].billingContactId', change: 'drop' },
    { endpoint: '/pricing/openapi/purchase/v1/product_list', field: '[].category', change: 'add' },
  ]);

  const report = await runDoctor(settings());

  expect(failures(report)).toEqual([
    expect.objectContaining({
      name: 'product list',
      required: false,
      detail: 'answers with another shape: result[].category: not documented',
    }),
    expect.objectContaining({
      name: 'billing contacts',
      required: true,
      detail: 'the answer lacks what the app needs: result[].billingContactId: missing',
    }),
  ]);
  expect(report.ok).toBe(false);
  expect(JSON.stringify(report)).not.toContain('harbortel');
});

test('when an answer only adds fields and retypes one the app can do without, then the doctor names them, and the report passes', async () => {
  world.sandbox.faults.reshape([
    { endpoint: CONTACTS, field: '[].vatId', change: 'add' },
    { endpoint: CONTACTS, field: '[].remark', change: 'retype' },
  ]);

  const report = await runDoctor(settings());

  expect(failures(report)).toEqual([
    expect.objectContaining({
      name: 'billing contacts',
      required: false,
      detail:
        'answers with another shape: result[].remark: type (documented as string or null, got boolean); result[].vatId: not documented',
    }),
  ]);
  expect(report.ok).toBe(true);
  expect(renderText(report)).toMatch(/1 failed, none of them required/);
});

test('when Client IP Restriction refuses this machine, then the doctor says to allow its address', async () => {
  world.sandbox.faults.restrictIp(true);

  const report = await runDoctor(settings());

  expect(failure(report, /^credentials/)?.fix).toMatch(/Client IP Restriction, allow the address/);
  expect(report.ok).toBe(false);
});

test('when the account lacks API permission, then every read fails naming the account manager', async () => {
  world.sandbox.faults.denyPermission(true);

  const report = await runDoctor(settings());

  const reads = failures(report).filter((c) => c.section === 'Partner API');
  expect(reads.length).toBeGreaterThan(5);
  expect(reads.every((c) => /account manager/.test(c.fix ?? ''))).toBe(true);
});

test('when Slack did not grant a scope the app needs, and one only the doctor needs, then the first fails the report and the second does not', async () => {
  world.emulator.faults.revokeScopes(['im:history', 'users:read']);

  const report = await runDoctor(settings());

  expect(failures(report)).toEqual([
    expect.objectContaining({
      name: 'scopes',
      required: true,
      detail: expect.stringMatching(/^missing im:history/),
    }),
    expect.objectContaining({
      name: 'scopes for these checks',
      required: false,
      detail: expect.stringMatching(/users:read/),
    }),
    expect.objectContaining({
      name: 'approver UAPPROVER',
      required: false,
      detail: 'cannot be checked without users:read',
    }),
  ]);
  expect(report.ok).toBe(false);
});

test('when an approver does not exist and the user group is unknown, then each is named with its fix', async () => {
  const report = await runDoctor(
    settings({ APPROVER_USER_IDS: 'UAPPROVER,UNOBODY', APPROVER_USERGROUP_ID: 'SNOSUCH' }),
  );

  expect(failures(report)).toEqual([
    expect.objectContaining({ name: 'approver UNOBODY', detail: 'no such user in this workspace' }),
    expect.objectContaining({
      name: 'approver user group SNOSUCH',
      detail: 'cannot be read: no_such_subteam',
    }),
  ]);
});

test('when a Socket Mode token is set, then it is checked too', async () => {
  const good = await runDoctor(
    settings({ SLACK_APP_TOKEN: world.emulator.appToken, APPROVER_USERGROUP_ID: 'SAPPROVERS' }),
  );
  const bad = await runDoctor(settings({ SLACK_APP_TOKEN: 'xapp-1-revoked' }));

  expect(good.checks.find((c) => c.name.startsWith('Socket Mode'))).toMatchObject({ ok: true });
  expect(good.checks.find((c) => c.name.startsWith('approver user group'))).toMatchObject({
    ok: true,
    detail: '1 members',
  });
  expect(failure(bad, /^Socket Mode/)).toMatchObject({ detail: 'refused: invalid_auth' });
});

test('when the database cannot be reached, then the doctor says so without its password', async () => {
  const url = `postgres://desk:pa55word-secret@127.0.0.1:${await closedPort()}/orders`;

  const report = await runDoctor(settings({ DATABASE_URL: url }));

  expect(failure(report, /^reachable$/)).toMatchObject({
    section: 'Database',
    fix: expect.stringMatching(/DATABASE_URL/),
  });
  expect(JSON.stringify(report)).not.toContain('pa55word-secret');
});

test('when settings are invalid, then each problem is a failed check, and nothing else is tried', async () => {
  const report = await runDoctor(settings({ PORT: 'eighty', ORDERS_CHANNEL_ID: 'CAPPROVALS' }));

  expect(report.checks.map((c) => [c.section, c.name, c.ok])).toEqual([
    ['Settings', 'PORT', false],
    ['Settings', 'ORDERS_CHANNEL_ID', false],
  ]);
  expect(world.emulator.calls()).toEqual([]);
  expect(world.sandbox.requestCount()).toBe(0);
});

test('when every check fails or passes, then no secret is printed, in text or in JSON', async () => {
  const env = settings();
  const reports = [
    await runDoctor(env),
    await runDoctor({ ...env, YEASTAR_CLIENT_SECRET: 'wrong-secret-value' }),
  ];

  for (const report of reports) {
    for (const text of [renderText(report), JSON.stringify(report)]) {
      for (const secret of [
        SIGNING_SECRET,
        world.emulator.botToken,
        'sandbox-secret',
        'wrong-secret-value',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/eyJ[\w-]+\./);
    }
  }
});
