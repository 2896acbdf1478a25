import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { diagnose } from '../../src/yeastar/diagnosis';
import { sandboxClient } from './support/sandbox-client';
import { closedPort } from './support/servers';

/** Each refusal the sandbox can give, as the person who runs the app is told it: the cause and the fix. */

let sandbox: PartnerApiSandbox;
beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
});
afterEach(() => sandbox.close());

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (err: unknown) => err,
  );

test('when the client secret is wrong, then the cause is the client ID or secret, and the fix says where to find them', async () => {
  const client = sandboxClient(sandbox, { clientSecret: 'not-the-secret' });

  const diagnosis = diagnose(await failureOf(client.prepareToken()));

  expect(diagnosis.cause).toMatch(/^the client ID or the client secret is wrong \(unauthorized, HTTP 401/);
  expect(diagnosis.fix).toMatch(/Partner Portal › System › API/);
  expect(JSON.stringify(diagnosis)).not.toContain('not-the-secret');
});

test('when Client IP Restriction refuses this machine, then the cause says so, and the fix is to allow the address', async () => {
  sandbox.faults.restrictIp(true);

  const diagnosis = diagnose(await failureOf(sandboxClient(sandbox).prepareToken()));

  expect(diagnosis.cause).toMatch(/refuses calls from this machine's address \(Client IP Restriction\)/);
  expect(diagnosis.fix).toMatch(/Client IP Restriction, allow the address this app calls from/);
});

test('when the account lacks API permission, then the cause names the refused endpoint, and the fix is the account manager', async () => {
  sandbox.faults.denyPermission(true);

  const diagnosis = diagnose(await failureOf(sandboxClient(sandbox).listBillingContacts()));

  expect(diagnosis.cause).toMatch(
    /^the account has no permission for GET \/user\/openapi\/user\/v1\/client\/billing_contact_list/,
  );
  expect(diagnosis.fix).toMatch(/account manager/);
});

test('when nothing answers at the base URL, then the cause is that the API cannot be reached', async () => {
  const client = sandboxClient(
    { url: `http://127.0.0.1:${await closedPort()}` },
    { retry: { maxAttempts: 1 } },
  );

  const diagnosis = diagnose(await failureOf(client.prepareToken()));

  expect(diagnosis.cause).toMatch(/^the Partner API cannot be reached: .*ECONNREFUSED/);
  expect(diagnosis.fix).toMatch(/YEASTAR_BASE_URL/);
});

test('when an answer lacks a field the app needs, then the cause names it by its path', async () => {
  sandbox.faults.reshape([
    { endpoint: '/pricing/openapi/purchase/v1/product_list', field: '[].productId', change: 'drop' },
  ]);

  const diagnosis = diagnose(await failureOf(sandboxClient(sandbox).listProducts()));

  expect(diagnosis.cause).toBe('the answer lacks what the app needs: result[].productId: missing');
});
