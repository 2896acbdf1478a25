import { describeError } from './describe-error';
import type { OrderRequest } from './model';

export interface ApproverPolicyConfig {
  approverUserIds: string[];
  /** Members of this Slack user group may decide too. */
  approverUsergroupId?: string;
  allowSelfApproval: boolean;
}

/** Looks up the members of a user group; the Slack layer backs it with usergroups.users.list and a cache. */
export type UsergroupMembers = (groupId: string) => Promise<string[]>;

export type DecideCheck =
  | { ok: true }
  | { ok: false; reason: 'not_approver' | 'own_request' }
  /** `detail`: why the approvers could not be read (Slack's error code). */
  | { ok: false; reason: 'approvers_unavailable'; detail: string };
export type CancelCheck = { ok: true } | { ok: false; reason: 'not_requester' };
/** Whether someone decides requests at all; `ownToo`: their own requests as well. */
export type ApproverCheck =
  | { ok: true; ownToo: boolean }
  | { ok: false; reason: 'not_approver' }
  | Extract<DecideCheck, { reason: 'approvers_unavailable' }>;

/** Who may approve, reject or cancel a request. Says nothing about the request's state. */
export class ApproverPolicy {
  constructor(
    private readonly config: ApproverPolicyConfig,
    private readonly usergroupMembers: UsergroupMembers,
  ) {}

  /** Approving and rejecting: an approver, and not on their own request unless self-approval is allowed. */
  async canDecide(userId: string, request: Pick<OrderRequest, 'requesterId'>): Promise<DecideCheck> {
    const check = await this.approver(userId);
    if (!check.ok) return check;
    if (userId === request.requesterId && !check.ownToo) return { ok: false, reason: 'own_request' };
    return { ok: true };
  }

  /** Whether this person decides requests at all (what the App Home lists for them), and their own too. */
  async approver(userId: string): Promise<ApproverCheck> {
    let approver: boolean;
    try {
      approver = await this.isApprover(userId);
    } catch (err) {
      // Refused, never guessed: the caller says the check could not be made, and nothing changes.
      return { ok: false, reason: 'approvers_unavailable', detail: describeError(err).message };
    }
    if (!approver) return { ok: false, reason: 'not_approver' };
    return { ok: true, ownToo: this.config.allowSelfApproval };
  }

  /** Cancelling: only the person who asked. */
  canCancel(userId: string, request: Pick<OrderRequest, 'requesterId'>): CancelCheck {
    return userId === request.requesterId ? { ok: true } : { ok: false, reason: 'not_requester' };
  }

  private async isApprover(userId: string): Promise<boolean> {
    if (this.config.approverUserIds.includes(userId)) return true;
    const groupId = this.config.approverUsergroupId;
    // The group is asked only when the explicit list does not already answer, to spare a Slack API call.
    return groupId !== undefined && (await this.usergroupMembers(groupId)).includes(userId);
  }
}
