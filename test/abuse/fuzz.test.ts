import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { JsonObject, Modal } from '../../src/sandbox/slack';
import { suggestionPayload } from '../../src/sandbox/slack/payloads';
import { REQUEST_MODAL } from '../../src/slack/ids';
import { PartnerApiClient, PartnerApiError } from '../../src/yeastar';
import { type Harness, REQUESTER, startHarness } from '../slack/support/e2e-harness';
import { forgedSubmission } from './support/forgery';

/**
 * Random input at every untrusted edge: what people type, what Slack sends back, what the Partner API
 * answers. The app answers every time, with a clear error where one is due, and never rejects unhandled.
 */

const RUNS = { numRuns: 100 };
const SUCCESS = 'success';
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

let h: Harness;
beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  process.off('unhandledRejection', onRejection);
});
afterEach(async () => {
  // The app still answers, and nothing went unhandled, after each batch of random input.
  expect((await fetch(`${h.desk.url}/healthz`)).status).toBe(200);
  expect(rejections).toEqual([]);
});

async function requestModal(): Promise<Modal> {
  await h.driver.command(REQUESTER, '/purchase', '', { channelId: 'CGENERAL' });
  return h.driver.waitForView(REQUESTER);
}

test('when /renew and /purchase get any text, then the app answers 200 and opens the modal every time', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('/renew', '/purchase'),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      async (command, text) => {
        const opened = h.emulator.calls('views.open').length;
        const answer = await h.driver.command(REQUESTER, command, text, { channelId: 'CGENERAL' });
        expect(answer.status).toBe(200);
        await h.emulator.waitFor(() => h.emulator.calls('views.open').length > opened, {
          what: 'views.open',
        });
        expect(h.emulator.calls('views.open').at(-1)?.ok).toBe(true);
      },
    ),
    RUNS,
  );
});

test('when the request modal is submitted with random state values, then every answer is 200 with inline errors and nothing is stored', async () => {
  const modal = await requestModal();
  const blockIds = modal.blocks.map((b) => b.block_id ?? 'x');
  const actionIds = Object.values(REQUEST_MODAL.actions);
  const stateValue = fc.oneof(
    fc.jsonValue(),
    fc.record({ type: fc.string(), value: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
    fc.record({
      type: fc.constant('external_select'),
      selected_option: fc.oneof(
        fc.jsonValue(),
        fc.record({ value: fc.string(), text: fc.record({ text: fc.string() }) }),
      ),
    }),
  );
  const values = fc.dictionary(
    fc.oneof(fc.constantFrom(...blockIds), fc.string()),
    fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...actionIds), fc.string()), stateValue), fc.jsonValue()),
  );

  await fc.assert(
    fc.asyncProperty(values, async (random) => {
      const view: JsonObject = { ...modal.view, state: { values: random } as JsonObject };
      const answer = await forgedSubmission(h, REQUESTER, view);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ response_action: 'errors' });
      const errors = Object.values((answer.body as { errors: Record<string, string> }).errors);
      expect(errors.length).toBeGreaterThan(0);
      for (const message of errors) expect(message.length).toBeGreaterThan(0);
    }),
    RUNS,
  );
  expect(await h.desk.store.requests.listRequesterRequests(REQUESTER, 1)).toEqual([]);
});

test('when a dropdown is searched with any query and any block id, then the answer is always a list Slack can show', async () => {
  const modal = await requestModal();
  const blockIds = modal.blocks.map((b) => b.block_id ?? 'x');
  const { product, customer, billingContact, service, serialNumber, plan } = REQUEST_MODAL.actions;
  // The modal's external_selects: Slack sends options requests for nothing else.
  const actionIds = [product, customer, billingContact, service, serialNumber, plan];

  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.constantFrom(...blockIds), fc.string({ maxLength: 300 })),
      fc.constantFrom(...actionIds),
      fc.string({ unit: 'grapheme', maxLength: 250 }),
      async (blockId, actionId, query) => {
        const payload = suggestionPayload(h.driver.person(REQUESTER), modal.view, blockId, actionId, query);
        const answer = await h.driver.sendPayload(payload);
        expect(answer.status).toBe(200);
        const options = (answer.body as { options?: { value: string; text: { text: string } }[] }).options;
        expect(Array.isArray(options)).toBe(true);
        expect(options?.length).toBeLessThanOrEqual(100);
        for (const option of options ?? []) expect(option.text.text.length).toBeGreaterThan(0);
      },
    ),
    RUNS,
  );
});

describe('random Partner API answers', () => {
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  let server: Server;
  let client: PartnerApiClient;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      // The token call gets a valid token, so the random answer reaches the endpoint's own parsing.
      if (req.url?.startsWith('/auth/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            code: SUCCESS,
            result: { token: 'tok', tokenHead: 'Bearer ', expiresIn: '1800', refreshToken: 'ref' },
          }),
        );
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new PartnerApiClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      clientId: 'fuzz',
      clientSecret: 'fuzz-secret',
      timeoutMs: 1000,
      retry: { maxAttempts: 1 },
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const envelope = fc.record(
    {
      code: fc.oneof(fc.constant(SUCCESS), fc.string(), fc.integer()),
      status: fc.oneof(fc.integer(), fc.string()),
      detailMessage: fc.string(),
      requestId: fc.string(),
      result: fc.oneof(fc.jsonValue(), fc.record({ list: fc.array(fc.jsonValue()), total: fc.jsonValue() })),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    envelope.map((e) => JSON.stringify(e)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
  );

  test('when the API answers random bodies and statuses, then every call resolves or rejects with a typed error that says what went wrong', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 200, 400, 401, 404, 429, 500, 503),
        body,
        fc.constantFrom('products', 'contacts', 'order'),
        async (status, text, call) => {
          answer = { status, body: text };
          const calls = {
            products: () => client.listProducts(),
            contacts: () => client.listBillingContacts(),
            order: () => client.getOrder('1'),
          };
          const outcome = await calls[call]().then(
            () => undefined,
            (err: unknown) => err,
          );
          if (outcome === undefined) return;
          expect(outcome).toBeInstanceOf(PartnerApiError);
          expect((outcome as PartnerApiError).message.length).toBeGreaterThan(0);
          expect((outcome as PartnerApiError).message).toContain((outcome as PartnerApiError).endpoint);
        },
      ),
      RUNS,
    );
  });
});
