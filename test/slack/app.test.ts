import { APPROVALS, type Harness, startHarness, submitTutorial } from './support/e2e-harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

test('when the app runs, then /healthz answers 200 with the database reachable', async () => {
  h = await startHarness();
  const response = await fetch(`${h.desk.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
});

test('when a click arrives with a forged signature, then it is refused with 401 and nothing is decided', async () => {
  h = await startHarness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions' }) }).toString();

  const answer = await h.driver.sendRaw(body, { headers: { 'x-slack-signature': 'v0=forged' } });

  expect(answer.status).toBe(401);
  expect((await h.desk.store.requests.get(request.id))?.state).toBe('pending_approval');
  expect(h.emulator.ephemerals('UAPPROVER')).toHaveLength(0);
});

test('when the app stops, then it stops taking events and closes the database', async () => {
  h = await startHarness();
  const request = await submitTutorial(h, 'renew-rm-premium');
  await h.desk.stop();

  await expect(
    h.driver.click('UAPPROVER', APPROVALS, request.slack.approvalMessageTs ?? '', 'approve_request'),
  ).rejects.toThrow();
  await expect(h.desk.store.requests.get(request.id)).rejects.toThrow();
  expect(h.sandbox.orders()).toHaveLength(0);
});
