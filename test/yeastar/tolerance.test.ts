import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { PartnerApiResponseError } from '../../src/yeastar';
import { captureLogs } from './support/log-capture';
import { sandboxClient } from './support/sandbox-client';

/**
 * Where the live API differs harmlessly from the guide, the client keeps working; where it lacks what the
 * app needs, the call fails naming the field by its path, and the log says so once per endpoint.
 */

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';
const INSTANCES = '/product/openapi/instance_product/v1/client/instance_product_list';
const CONTACT_EMAIL = 'accounts@harbortel.example';

let sandbox: PartnerApiSandbox;
beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
});
afterEach(() => sandbox.close());

test('when answers carry fields the guide does not document, then the client reads them as before', async () => {
  sandbox.faults.reshape([
    { endpoint: CONTACTS, field: '[].vatId', change: 'add' },
    { endpoint: INSTANCES, field: 'results[].licenceTier', change: 'add' },
    { endpoint: INSTANCES, field: 'pageCursor', change: 'add' },
  ]);
  const client = sandboxClient(sandbox);

  const contacts = await client.listBillingContacts();
  const instances = await client.listAllInstanceProducts({ productId: 11 });

  expect(contacts.map((c) => c.billingContactId)).toContain('3197218168379846218');
  expect(instances.length).toBeGreaterThan(0);
});

test('when fields the app only shows or can do without come of another kind, then the client reads the rest', async () => {
  sandbox.faults.reshape([
    { endpoint: CONTACTS, field: '[].company', change: 'retype' },
    { endpoint: INSTANCES, field: 'results[].activationStatus', change: 'retype' },
    { endpoint: INSTANCES, field: 'results[].quantity', change: 'retype' },
    { endpoint: INSTANCES, field: 'count', change: 'retype' },
  ]);
  const client = sandboxClient(sandbox);

  const [contact] = await client.listBillingContacts();
  const instances = await client.listAllInstanceProducts({ productId: 14 });

  expect(contact).toMatchObject({
    billingContactId: '3197218168379846218',
    company: 'true',
    lastName: 'Chen',
  });
  expect(instances.length).toBeGreaterThan(0);
  // The count a renewal must match is then unknown, so the order itself decides (see PartnerLists).
  expect(instances.every((i) => i.quantity === undefined && i.productNo !== '')).toBe(true);
});

test('when a field the app needs is missing, then the call fails naming its path, never a value, and the log says so once per endpoint', async () => {
  sandbox.faults.reshape([{ endpoint: CONTACTS, field: '[].billingContactId', change: 'drop' }]);
  const logs = captureLogs('warn');
  const client = sandboxClient(sandbox, { logger: logs.logger });

  const first = await client.listBillingContacts().catch((e: unknown) => e);
  const second = await client.listBillingContacts().catch((e: unknown) => e);

  expect(first).toBeInstanceOf(PartnerApiResponseError);
  expect((first as PartnerApiResponseError).fields).toEqual([
    { path: 'result[].billingContactId', problem: 'missing', fatal: true },
  ]);
  expect((first as Error).message).toContain('result[].billingContactId: missing');
  expect(second).toBeInstanceOf(PartnerApiResponseError);
  const warnings = logs.entries().filter((e) => String(e.msg).startsWith('partner api answer lacks'));
  expect(warnings).toEqual([
    expect.objectContaining({ endpoint: `GET ${CONTACTS}`, fields: ['result[].billingContactId: missing'] }),
  ]);
  expect(logs.lines.join('')).not.toContain(CONTACT_EMAIL);
});

test('when the shape trace is on, then every answer’s keys and kinds are logged, and no value', async () => {
  const logs = captureLogs('info');
  const client = sandboxClient(sandbox, { logger: logs.logger, traceShapes: true });

  await client.listBillingContacts();

  const traced = logs.entries().filter((e) => e.msg === 'partner api answer shape');
  expect(traced.map((e) => e.endpoint)).toEqual([`POST /auth/openapi/v1/oauth/token`, `GET ${CONTACTS}`]);
  expect(traced[1]?.shape).toMatchObject({
    code: 'string',
    requestId: 'string',
    status: 'number',
    result: [
      expect.objectContaining({ billingContactId: 'string', emailAddress: 'string', zipCode: 'string' }),
    ],
  });
  expect(traced[0]?.shape).toMatchObject({ result: { token: 'string', refreshToken: 'string' } });
  const text = logs.lines.join('');
  expect(text).not.toContain(CONTACT_EMAIL);
  expect(text).not.toContain('3197218168379846218');
  expect(text).not.toMatch(/eyJ[\w-]+\./);
});
