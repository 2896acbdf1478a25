import { MAX_REASON_LENGTH } from '../../src/orders/workflow';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type AppInstance, startInstance, submittedRequest } from './harness';
import { APPROVER, caseFor, GROUP_MEMBER, REQUESTER, STRANGER, tutorialInput } from './support';

/** The people's steps of the workflow: submit, approve (which places), reject, cancel, and their refusals. */

const YCM = caseFor('renew-ycm-white-label');
const input = tutorialInput(YCM);

let sandbox: PartnerApiSandbox;
let app: AppInstance;

beforeEach(async () => {
  sandbox = await startPartnerApiSandbox();
  app = await startInstance('sqlite::memory:', sandbox);
});
afterEach(async () => {
  await app.close();
  await sandbox.close();
});

async function withSelfApproval(): Promise<AppInstance> {
  await app.close();
  app = await startInstance('sqlite::memory:', sandbox, { allowSelfApproval: true });
  return app;
}

function ownRequest() {
  return app.workflow.submit({ requesterId: APPROVER, scenarioId: input.scenarioId, input });
}

/** The audit trail without ids and times, which say nothing about the behaviour. */
async function trail(requestId: string) {
  return (await app.store.requests.audit(requestId)).map(({ actor, action, from, to, reason }) => ({
    actor,
    action,
    from,
    to,
    reason,
  }));
}

describe('submit', () => {
  it('when a request is submitted, then it is stored pending approval with its details and a short reference, and posted', async () => {
    const request = await submittedRequest(app, YCM);

    expect(request).toMatchObject({ state: 'pending_approval', requesterId: REQUESTER, details: input });
    expect(request.reference).toMatch(/^YOD-[0-9A-Z]{10}$/);
    expect(await trail(request.id)).toEqual([
      { actor: REQUESTER, action: 'created', from: undefined, to: 'pending_approval', reason: undefined },
    ]);
    expect(app.notifier.told.map((t) => [t.step, t.request.id])).toEqual([['submitted', request.id]]);
  });

  it('when many requests are submitted, then each gets its own reference', async () => {
    const requests = await Promise.all(Array.from({ length: 20 }, () => submittedRequest(app, YCM)));

    expect(new Set(requests.map((r) => r.reference)).size).toBe(20);
  });

  it('when the same form is submitted twice with the same values, then the second returns the first request, and nothing new is stored', async () => {
    const command = {
      requesterId: REQUESTER,
      scenarioId: input.scenarioId,
      input,
      submissionKey: 'V0SAMEFORM',
    };

    const first = await app.workflow.submit(command);
    const second = await app.workflow.submit(command);

    expect(first.kind).toBe('created');
    expect(second).toEqual({ kind: 'repeated', request: first.request });
    expect(await app.store.requests.listByState(['pending_approval'])).toHaveLength(1);
    // Posting again is harmless (the notifier queues each message once) and heals a first try that stopped.
    expect(app.notifier.told.filter((t) => t.step === 'submitted')).toHaveLength(2);
  });

  it('when the same form comes back with other values, then it is a conflict and the first values stand', async () => {
    const key = 'V0CHANGED';
    const first = await app.workflow.submit({
      requesterId: REQUESTER,
      scenarioId: input.scenarioId,
      input,
      submissionKey: key,
    });

    const changed = await app.workflow.submit({
      requesterId: REQUESTER,
      scenarioId: input.scenarioId,
      input: { ...input, poNumber: 'PO-CHANGED' },
      submissionKey: key,
    });

    expect(changed).toEqual({ kind: 'conflict', request: first.request });
    expect((await app.store.requests.get(first.request.id))?.details).toEqual(input);
    expect(app.notifier.told.filter((t) => t.step === 'submitted')).toHaveLength(1);
  });
});

describe('approve', () => {
  it('when a listed approver approves, then it is approved, stamped, placed once and the outcome told, in that order', async () => {
    const request = await submittedRequest(app, YCM);

    const result = await app.workflow.approve(request.id, APPROVER);

    expect(result).toMatchObject({ ok: true, request: { state: 'placed', decidedBy: APPROVER } });
    expect(result.ok && result.request.decidedAt).toBeInstanceOf(Date);
    expect(sandbox.orders()).toHaveLength(1);
    expect(app.notifier.told.map((t) => `${t.step}:${t.request.state}`)).toEqual([
      'submitted:pending_approval',
      'decided:approved',
      'outcome:placed',
    ]);
    expect((await trail(request.id)).map((e) => e.action)).toEqual(['created', 'approve', 'place', 'placed']);
  });

  it('when a member of the approver user group approves, then it is approved', async () => {
    const request = await submittedRequest(app, YCM);

    await expect(app.workflow.approve(request.id, GROUP_MEMBER)).resolves.toMatchObject({
      ok: true,
      request: { decidedBy: GROUP_MEMBER },
    });
  });

  it('when a request is approved twice, then the second is refused as already decided and audited', async () => {
    const request = await submittedRequest(app, YCM);
    await app.workflow.approve(request.id, APPROVER);

    const second = await app.workflow.approve(request.id, GROUP_MEMBER);

    expect(second).toMatchObject({ ok: false, reason: 'already_decided', request: { state: 'placed' } });
    expect((await trail(request.id)).at(-1)).toEqual({
      actor: GROUP_MEMBER,
      action: 'approve',
      from: 'placed',
      to: undefined,
      reason: 'already_decided',
    });
    expect(sandbox.orders()).toHaveLength(1);
  });

  it('when someone who is not an approver approves, then it is refused, audited, and stays pending', async () => {
    const request = await submittedRequest(app, YCM);

    const result = await app.workflow.approve(request.id, STRANGER);

    expect(result).toMatchObject({
      ok: false,
      reason: 'not_approver',
      request: { state: 'pending_approval' },
    });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
    expect((await trail(request.id)).at(-1)).toMatchObject({ actor: STRANGER, reason: 'not_approver' });
    expect(sandbox.orders()).toEqual([]);
  });

  it('when an approver approves their own request, then it is refused as own_request', async () => {
    const { request } = await ownRequest();

    await expect(app.workflow.approve(request.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'own_request',
    });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
  });

  it('when self-approval is allowed, then an approver may approve their own request', async () => {
    await withSelfApproval();
    const { request } = await ownRequest();

    await expect(app.workflow.approve(request.id, APPROVER)).resolves.toMatchObject({
      ok: true,
      request: { state: 'placed' },
    });
  });

  it('when the request does not exist, then it is refused as not_found', async () => {
    await expect(app.workflow.approve('00000000-0000-0000-0000-000000000000', APPROVER)).resolves.toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});

describe('reject', () => {
  it('when an approver rejects with a reason, then it is rejected with the trimmed reason, audited, stamped and told', async () => {
    const request = await submittedRequest(app, YCM);

    const result = await app.workflow.reject(request.id, APPROVER, '  over budget this quarter \n');

    expect(result).toMatchObject({
      ok: true,
      request: { state: 'rejected', decidedBy: APPROVER, reason: 'over budget this quarter' },
    });
    expect((await trail(request.id)).at(-1)).toEqual({
      actor: APPROVER,
      action: 'reject',
      from: 'pending_approval',
      to: 'rejected',
      reason: 'over budget this quarter',
    });
    expect(app.notifier.told.map((t) => t.step)).toEqual(['submitted', 'decided', 'outcome']);
  });

  it('when the reason is blank, then the rejection is refused as reason_required and it stays pending', async () => {
    const request = await submittedRequest(app, YCM);

    await expect(app.workflow.reject(request.id, APPROVER, '   ')).resolves.toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
    expect((await trail(request.id)).at(-1)).toMatchObject({ action: 'reject', reason: 'reason_required' });
  });

  it('when the reason is longer than the limit, then it is stored cut to the limit', async () => {
    const request = await submittedRequest(app, YCM);

    const result = await app.workflow.reject(request.id, APPROVER, 'x'.repeat(MAX_REASON_LENGTH + 40));

    expect(result.ok && result.request.reason).toBe('x'.repeat(MAX_REASON_LENGTH));
  });

  it('when a request is rejected after it was approved, then it is refused as already decided', async () => {
    const request = await submittedRequest(app, YCM);
    await app.workflow.approve(request.id, APPROVER);

    await expect(app.workflow.reject(request.id, GROUP_MEMBER, 'too late')).resolves.toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'placed' },
    });
  });

  it('when a non-approver or the requester rejects, then it is refused with the reason why', async () => {
    const request = await submittedRequest(app, YCM);

    await expect(app.workflow.reject(request.id, STRANGER, 'no')).resolves.toMatchObject({
      reason: 'not_approver',
    });
    const { request: own } = await ownRequest();
    await expect(app.workflow.reject(own.id, APPROVER, 'no')).resolves.toMatchObject({
      reason: 'own_request',
    });
  });

  it('when asked before the reason whether someone may reject, then the same refusals come back, unaudited', async () => {
    const request = await submittedRequest(app, YCM);
    const before = (await trail(request.id)).length;

    await expect(app.workflow.mayDecide(request.id, APPROVER)).resolves.toMatchObject({ ok: true });
    await expect(app.workflow.mayDecide(request.id, STRANGER)).resolves.toMatchObject({
      reason: 'not_approver',
    });
    await app.workflow.approve(request.id, APPROVER);
    await expect(app.workflow.mayDecide(request.id, GROUP_MEMBER)).resolves.toMatchObject({
      reason: 'already_decided',
    });
    expect((await trail(request.id)).filter((e) => e.to === undefined)).toHaveLength(before - 1);
  });
});

describe('cancel', () => {
  it('when the requester cancels a pending request, then it is cancelled, audited and told', async () => {
    const request = await submittedRequest(app, YCM);

    await expect(app.workflow.cancel(request.id, REQUESTER)).resolves.toMatchObject({
      ok: true,
      request: { state: 'cancelled' },
    });
    expect((await trail(request.id)).at(-1)).toMatchObject({
      actor: REQUESTER,
      action: 'cancel',
      to: 'cancelled',
    });
    expect(app.notifier.outcomes(request.id)).toEqual(['cancelled']);
  });

  it('when anyone but the requester cancels, even an approver, then it is refused as not_requester', async () => {
    const request = await submittedRequest(app, YCM);

    await expect(app.workflow.cancel(request.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'not_requester',
    });
    await expect(app.store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
  });

  it.each([
    ['placed', (id: string) => app.workflow.approve(id, APPROVER)],
    ['rejected', (id: string) => app.workflow.reject(id, APPROVER, 'no')],
  ] as const)(
    'when the requester cancels after it was %s, then it is refused as already decided',
    async (state, decide) => {
      const request = await submittedRequest(app, YCM);
      await decide(request.id);

      await expect(app.workflow.cancel(request.id, REQUESTER)).resolves.toMatchObject({
        ok: false,
        reason: 'already_decided',
        request: { state },
      });
    },
  );

  it('when an approver approves a cancelled request, then it is refused as already decided, and nothing is ordered', async () => {
    const request = await submittedRequest(app, YCM);
    await app.workflow.cancel(request.id, REQUESTER);

    await expect(app.workflow.approve(request.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'cancelled' },
    });
    expect(sandbox.orders()).toEqual([]);
  });
});
