import { ApproverPolicy, type ApproverPolicyConfig } from '../../src/orders/policy';

const request = { requesterId: 'UREQUESTER' };

function policyWith(config: Partial<ApproverPolicyConfig>, groups: Record<string, string[]> = {}) {
  const asked: string[] = [];
  const policy = new ApproverPolicy(
    { approverUserIds: [], allowSelfApproval: false, ...config },
    async (groupId) => {
      asked.push(groupId);
      return groups[groupId] ?? [];
    },
  );
  return { policy, asked };
}

describe('ApproverPolicy', () => {
  it('when the user group cannot be read, then its members are refused as unanswerable, while listed approvers still decide', async () => {
    const policy = new ApproverPolicy(
      { approverUserIds: ['UBOSS'], approverUsergroupId: 'SAPPROVERS', allowSelfApproval: false },
      async () => {
        throw new Error('ratelimited');
      },
    );

    await expect(policy.canDecide('UGROUPMEMBER', request)).resolves.toEqual({
      ok: false,
      reason: 'approvers_unavailable',
      detail: 'ratelimited',
    });
    await expect(policy.canDecide('UBOSS', request)).resolves.toEqual({ ok: true });
  });

  it('when asked whether someone decides at all (what the App Home lists), then it is the same answer as for a click, with whether their own requests count', async () => {
    const { policy } = policyWith(
      { approverUserIds: ['UBOSS'], approverUsergroupId: 'SAPPROVERS' },
      {
        SAPPROVERS: ['UMEMBER'],
      },
    );
    const selfAllowed = policyWith({ approverUserIds: ['UBOSS'], allowSelfApproval: true }).policy;

    await expect(policy.approver('UBOSS')).resolves.toEqual({ ok: true, ownToo: false });
    await expect(policy.approver('UMEMBER')).resolves.toEqual({ ok: true, ownToo: false });
    await expect(policy.approver('UOTHER')).resolves.toEqual({ ok: false, reason: 'not_approver' });
    await expect(selfAllowed.approver('UBOSS')).resolves.toEqual({ ok: true, ownToo: true });
  });

  it('when a listed approver decides on someone else’s request, then it is allowed', async () => {
    const { policy } = policyWith({ approverUserIds: ['UBOSS'] });
    await expect(policy.canDecide('UBOSS', request)).resolves.toEqual({ ok: true });
  });

  it('when someone outside the list and the group decides, then it is refused as not_approver', async () => {
    const { policy } = policyWith(
      { approverUserIds: ['UBOSS'], approverUsergroupId: 'SAPPROVERS' },
      {
        SAPPROVERS: ['UOTHER'],
      },
    );
    await expect(policy.canDecide('USTRANGER', request)).resolves.toEqual({
      ok: false,
      reason: 'not_approver',
    });
  });

  it('when a member of the approver user group decides, then it is allowed', async () => {
    const { policy, asked } = policyWith({ approverUsergroupId: 'SAPPROVERS' }, { SAPPROVERS: ['UMEMBER'] });
    await expect(policy.canDecide('UMEMBER', request)).resolves.toEqual({ ok: true });
    expect(asked).toEqual(['SAPPROVERS']);
  });

  it('when the user is already a listed approver, then the user group is not looked up', async () => {
    const { policy, asked } = policyWith({ approverUserIds: ['UBOSS'], approverUsergroupId: 'SAPPROVERS' });
    await expect(policy.canDecide('UBOSS', request)).resolves.toEqual({ ok: true });
    expect(asked).toEqual([]);
  });

  it('when an approver decides on their own request, then it is refused as own_request', async () => {
    const { policy } = policyWith({ approverUserIds: ['UREQUESTER'] });
    await expect(policy.canDecide('UREQUESTER', request)).resolves.toEqual({
      ok: false,
      reason: 'own_request',
    });
  });

  it('when self-approval is allowed, then an approver may decide on their own request', async () => {
    const { policy } = policyWith({ approverUserIds: ['UREQUESTER'], allowSelfApproval: true });
    await expect(policy.canDecide('UREQUESTER', request)).resolves.toEqual({ ok: true });
  });

  it('when self-approval is allowed but the requester is no approver, then it is still refused', async () => {
    const { policy } = policyWith({ approverUserIds: ['UBOSS'], allowSelfApproval: true });
    await expect(policy.canDecide('UREQUESTER', request)).resolves.toEqual({
      ok: false,
      reason: 'not_approver',
    });
  });

  it('when the requester cancels, then it is allowed, and anyone else (even an approver) is refused', () => {
    const { policy } = policyWith({ approverUserIds: ['UBOSS'] });
    expect(policy.canCancel('UREQUESTER', request)).toEqual({ ok: true });
    expect(policy.canCancel('UBOSS', request)).toEqual({ ok: false, reason: 'not_requester' });
  });
});
