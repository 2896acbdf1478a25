import { randomUUID } from 'node:crypto';
import type { OrderInput } from '../catalog';
import type { Logger } from '../logger';
import type { RequestRepository } from '../store';
import type { OrderRequest, RequestState, SlackCoordinates } from './model';
import type { ApproverPolicy } from './policy';
import { newReference } from './reference';

export const MAX_REASON_LENGTH = 500;

export type RefusalReason =
  | 'not_found'
  | 'not_approver'
  | 'own_request'
  | 'not_requester'
  | 'already_decided'
  | 'reason_required';

export type DecisionResult =
  | { ok: true; request: OrderRequest }
  | { ok: false; reason: RefusalReason; request?: OrderRequest };

export interface SubmitCommand {
  requesterId: string;
  scenarioId: string;
  /** Already validated by the catalog. */
  input: OrderInput;
  slack?: SlackCoordinates;
}

export interface OrderRequestServiceDeps {
  requests: RequestRepository;
  policy: ApproverPolicy;
  logger?: Logger;
}

interface Decision {
  action: 'approve' | 'reject' | 'cancel';
  to: RequestState;
  reason?: string;
}

/**
 * The people-facing use cases: submit, approve, reject, cancel. Refusals are results, not exceptions, and
 * each refusal on an existing request lands in the audit trail. Approving does not place the order: the
 * caller stamps the Slack message first, then hands the request to the OrderPlacer.
 */
export class OrderRequestService {
  constructor(private readonly deps: OrderRequestServiceDeps) {}

  async submit(command: SubmitCommand): Promise<OrderRequest> {
    const request = await this.deps.requests.create(
      {
        id: randomUUID(),
        reference: newReference(),
        requesterId: command.requesterId,
        scenarioId: command.scenarioId,
        details: { ...command.input },
        ...(command.slack ? { slack: command.slack } : {}),
      },
      command.requesterId,
    );
    this.deps.logger?.info(
      { requestId: request.id, scenarioId: request.scenarioId },
      'order request submitted',
    );
    return request;
  }

  async approve(requestId: string, userId: string): Promise<DecisionResult> {
    return this.decideAsApprover(requestId, userId, { action: 'approve', to: 'approved' });
  }

  async reject(requestId: string, userId: string, reason: string): Promise<DecisionResult> {
    // Longer reasons are cut rather than refused: the Slack modal already caps the field at this length.
    const trimmed = [...reason.trim()].slice(0, MAX_REASON_LENGTH).join('').trim();
    return this.decideAsApprover(requestId, userId, { action: 'reject', to: 'rejected', reason: trimmed });
  }

  async cancel(requestId: string, userId: string): Promise<DecisionResult> {
    const request = await this.deps.requests.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    const check = this.deps.policy.canCancel(userId, request);
    if (!check.ok) return this.refuse(request, userId, 'cancel', check.reason);
    return this.decide(request, userId, { action: 'cancel', to: 'cancelled' });
  }

  private async decideAsApprover(
    requestId: string,
    userId: string,
    decision: Decision,
  ): Promise<DecisionResult> {
    const request = await this.deps.requests.get(requestId);
    if (!request) return { ok: false, reason: 'not_found' };
    const check = await this.deps.policy.canDecide(userId, request);
    if (!check.ok) return this.refuse(request, userId, decision.action, check.reason);
    if (decision.reason === '') return this.refuse(request, userId, decision.action, 'reason_required');
    return this.decide(request, userId, decision);
  }

  /** One conditional transition out of pending_approval; losing the race means someone decided first. */
  private async decide(request: OrderRequest, userId: string, decision: Decision): Promise<DecisionResult> {
    const updated = await this.deps.requests.transition(request.id, {
      from: 'pending_approval',
      to: decision.to,
      actor: userId,
      action: decision.action,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      patch: {
        decidedBy: userId,
        decidedAt: new Date(),
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      },
    });
    if (updated) {
      this.deps.logger?.info(
        { requestId: request.id, actor: userId, state: updated.state },
        `request ${updated.state}`,
      );
      return { ok: true, request: updated };
    }
    const current = (await this.deps.requests.get(request.id)) ?? request;
    return this.refuse(current, userId, decision.action, 'already_decided');
  }

  private async refuse(
    request: OrderRequest,
    userId: string,
    action: Decision['action'],
    reason: Exclude<RefusalReason, 'not_found'>,
  ): Promise<DecisionResult> {
    await this.deps.requests.recordRefusal(request.id, { actor: userId, action, reason });
    this.deps.logger?.info(
      { requestId: request.id, actor: userId, action, reason },
      'request action refused',
    );
    return { ok: false, reason, request };
  }
}
