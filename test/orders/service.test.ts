import { MAX_REASON_LENGTH, OrderRequestService } from '../../src/orders/service';
import { openDatabase, type Store } from '../../src/store';
import { APPROVER, caseFor, GROUP_MEMBER, REQUESTER, STRANGER, testPolicy, tutorialInput } from './support';

const input = tutorialInput(caseFor('renew-ycm-white-label'));

let store: Store;

beforeEach(async () => {
  store = await openDatabase('sqlite::memory:');
});
afterEach(async () => {
  await store.close();
});

function serviceWith(allowSelfApproval = false): OrderRequestService {
  return new OrderRequestService({ requests: store.requests, policy: testPolicy({ allowSelfApproval }) });
}

async function submitted(service = serviceWith()) {
  return service.submit({ requesterId: REQUESTER, scenarioId: input.scenarioId, input });
}

/** The audit trail without ids and times, which say nothing about the behaviour. */
async function trail(requestId: string) {
  return (await store.requests.audit(requestId)).map(({ actor, action, from, to, reason }) => ({
    actor,
    action,
    from,
    to,
    reason,
  }));
}

describe('OrderRequestService.submit', () => {
  it('when a request is submitted, then it is stored pending approval with its details and a short reference', async () => {
    const request = await submitted();

    expect(request).toMatchObject({ state: 'pending_approval', requesterId: REQUESTER, details: input });
    expect(request.reference).toMatch(/^YOD-[0-9A-Z]{10}$/);
    await expect(store.requests.getByReference(request.reference)).resolves.toMatchObject({ id: request.id });
    expect(await trail(request.id)).toEqual([
      { actor: REQUESTER, action: 'created', from: undefined, to: 'pending_approval', reason: undefined },
    ]);
  });

  it('when many requests are submitted, then each gets its own reference', async () => {
    const service = serviceWith();
    const requests = await Promise.all(Array.from({ length: 20 }, () => submitted(service)));

    expect(new Set(requests.map((r) => r.reference)).size).toBe(20);
  });
});

describe('OrderRequestService.approve', () => {
  it('when a listed approver approves a pending request, then it is approved, stamped and audited', async () => {
    const request = await submitted();

    const result = await serviceWith().approve(request.id, APPROVER);

    expect(result).toMatchObject({ ok: true, request: { state: 'approved', decidedBy: APPROVER } });
    expect(result.ok && result.request.decidedAt).toBeInstanceOf(Date);
    expect((await trail(request.id)).at(-1)).toEqual({
      actor: APPROVER,
      action: 'approve',
      from: 'pending_approval',
      to: 'approved',
      reason: undefined,
    });
  });

  it('when a member of the approver user group approves, then it is approved', async () => {
    const request = await submitted();

    await expect(serviceWith().approve(request.id, GROUP_MEMBER)).resolves.toMatchObject({
      ok: true,
      request: { state: 'approved', decidedBy: GROUP_MEMBER },
    });
  });

  it('when a request is approved twice, then the second is refused as already decided and audited', async () => {
    const service = serviceWith();
    const request = await submitted(service);
    await service.approve(request.id, APPROVER);

    const second = await service.approve(request.id, GROUP_MEMBER);

    expect(second).toMatchObject({ ok: false, reason: 'already_decided', request: { state: 'approved' } });
    expect((await trail(request.id)).at(-1)).toEqual({
      actor: GROUP_MEMBER,
      action: 'approve',
      from: 'approved',
      to: undefined,
      reason: 'already_decided',
    });
  });

  it('when someone who is not an approver approves, then it is refused, audited, and stays pending', async () => {
    const request = await submitted();

    const result = await serviceWith().approve(request.id, STRANGER);

    expect(result).toMatchObject({
      ok: false,
      reason: 'not_approver',
      request: { state: 'pending_approval' },
    });
    await expect(store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
    expect((await trail(request.id)).at(-1)).toMatchObject({ actor: STRANGER, reason: 'not_approver' });
  });

  it('when an approver approves their own request, then it is refused as own_request', async () => {
    const service = serviceWith();
    const own = await service.submit({ requesterId: APPROVER, scenarioId: input.scenarioId, input });

    await expect(service.approve(own.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'own_request',
    });
    await expect(store.requests.get(own.id)).resolves.toMatchObject({ state: 'pending_approval' });
  });

  it('when self-approval is allowed, then an approver may approve their own request', async () => {
    const service = serviceWith(true);
    const own = await service.submit({ requesterId: APPROVER, scenarioId: input.scenarioId, input });

    await expect(service.approve(own.id, APPROVER)).resolves.toMatchObject({
      ok: true,
      request: { state: 'approved' },
    });
  });

  it('when the request does not exist, then it is refused as not_found', async () => {
    await expect(serviceWith().approve('00000000-0000-0000-0000-000000000000', APPROVER)).resolves.toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});

describe('OrderRequestService.reject', () => {
  it('when an approver rejects with a reason, then it is rejected with the trimmed reason, audited', async () => {
    const request = await submitted();

    const result = await serviceWith().reject(request.id, APPROVER, '  over budget this quarter \n');

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
  });

  it('when the reason is blank, then the rejection is refused as reason_required and it stays pending', async () => {
    const request = await submitted();

    await expect(serviceWith().reject(request.id, APPROVER, '   ')).resolves.toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    await expect(store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
    expect((await trail(request.id)).at(-1)).toMatchObject({ action: 'reject', reason: 'reason_required' });
  });

  it('when the reason is longer than the limit, then it is stored cut to the limit', async () => {
    const request = await submitted();

    const result = await serviceWith().reject(request.id, APPROVER, 'x'.repeat(MAX_REASON_LENGTH + 40));

    expect(result.ok && result.request.reason).toBe('x'.repeat(MAX_REASON_LENGTH));
  });

  it('when a request is rejected after it was approved, then it is refused as already decided', async () => {
    const service = serviceWith();
    const request = await submitted(service);
    await service.approve(request.id, APPROVER);

    await expect(service.reject(request.id, GROUP_MEMBER, 'too late')).resolves.toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'approved' },
    });
  });

  it('when a non-approver or the requester rejects, then it is refused with the reason why', async () => {
    const service = serviceWith();
    const request = await submitted(service);

    await expect(service.reject(request.id, STRANGER, 'no')).resolves.toMatchObject({
      reason: 'not_approver',
    });
    const own = await service.submit({ requesterId: APPROVER, scenarioId: input.scenarioId, input });
    await expect(service.reject(own.id, APPROVER, 'no')).resolves.toMatchObject({ reason: 'own_request' });
  });
});

describe('OrderRequestService.cancel', () => {
  it('when the requester cancels a pending request, then it is cancelled and audited', async () => {
    const request = await submitted();

    await expect(serviceWith().cancel(request.id, REQUESTER)).resolves.toMatchObject({
      ok: true,
      request: { state: 'cancelled' },
    });
    expect((await trail(request.id)).at(-1)).toMatchObject({
      actor: REQUESTER,
      action: 'cancel',
      to: 'cancelled',
    });
  });

  it('when anyone but the requester cancels, even an approver, then it is refused as not_requester', async () => {
    const request = await submitted();

    await expect(serviceWith().cancel(request.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'not_requester',
    });
    await expect(store.requests.get(request.id)).resolves.toMatchObject({ state: 'pending_approval' });
  });

  it.each([
    ['approved', (s: OrderRequestService, id: string) => s.approve(id, APPROVER)],
    ['rejected', (s: OrderRequestService, id: string) => s.reject(id, APPROVER, 'no')],
  ] as const)(
    'when the requester cancels after it was %s, then it is refused as already decided',
    async (state, decide) => {
      const service = serviceWith();
      const request = await submitted(service);
      await decide(service, request.id);

      await expect(service.cancel(request.id, REQUESTER)).resolves.toMatchObject({
        ok: false,
        reason: 'already_decided',
        request: { state },
      });
    },
  );

  it('when an approver approves a cancelled request, then it is refused as already decided', async () => {
    const service = serviceWith();
    const request = await submitted(service);
    await service.cancel(request.id, REQUESTER);

    await expect(service.approve(request.id, APPROVER)).resolves.toMatchObject({
      ok: false,
      reason: 'already_decided',
      request: { state: 'cancelled' },
    });
  });
});
