import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger';
import type { ApproverPolicy, OrderPlacer, OrderRequest, OrderRequestService } from '../../../orders';
import type { RequestRepository } from '../../../store';
import { DECISION_ACTIONS } from '../../ids';
import type { InFlight } from '../../in-flight';
import type { Notifier } from '../../notifier';
import { refusalNotice } from '../../views/notices';
import { rejectModal } from '../../views/reject-modal';
import { requestTitle } from '../../views/request-summary';
import { afterAck } from '../after-ack';

export interface DecisionActionDeps {
  logger: Logger;
  orders: OrderRequestService;
  placer: Pick<OrderPlacer, 'attempt'>;
  policy: ApproverPolicy;
  requests: Pick<RequestRepository, 'get'>;
  notifier: Notifier;
  inFlight: InFlight;
}

/** A button value is the request id and nothing else. */
const requestIdSchema = z.uuid();

type ButtonClick = { body: BlockAction<ButtonAction>; action: ButtonAction };

function clicked({ body, action }: ButtonClick) {
  const requestId = requestIdSchema.safeParse(action.value);
  return {
    requestId: requestId.success ? requestId.data : undefined,
    userId: body.user.id,
    channel: body.channel?.id,
  };
}

type Click = ReturnType<typeof clicked> & { requestId: string };

/** Tells the person who clicked, and only them, why nothing changed. */
function refuse(deps: DecisionActionDeps, click: Click, text: string) {
  return deps.notifier.refuse(click.requestId, click.userId, click.channel, text);
}

/** Approve: one transition, the stamp at once, then the order, placed only by the winner of the claim. */
async function approve(deps: DecisionActionDeps, click: Click) {
  const result = await deps.orders.approve(click.requestId, click.userId);
  if (!result.ok) return refuse(deps, click, refusalNotice(result.reason, result.request));
  await deps.notifier.decided(result.request);
  const attempt = await deps.placer.attempt(click.requestId);
  if (attempt?.claimed) await deps.notifier.outcome(attempt.request);
}

/**
 * Reject asks for a reason first. Who may reject and whether it is still open are checked before the modal
 * opens, so a refused click is told at once; the service checks both again when the reason arrives.
 */
async function openRejectModal(
  deps: DecisionActionDeps,
  click: Click,
  triggerId: string,
  client: App['client'],
) {
  const request = await deps.requests.get(click.requestId);
  const refusal = await rejectRefusal(deps, request, click.userId);
  if (refusal || !request) return refuse(deps, click, refusal ?? refusalNotice('not_found'));
  await client.views.open({ trigger_id: triggerId, view: rejectModal(request.id, requestTitle(request)) });
}

async function rejectRefusal(
  deps: DecisionActionDeps,
  request: OrderRequest | undefined,
  userId: string,
): Promise<string | undefined> {
  if (!request) return refusalNotice('not_found');
  const check = await deps.policy.canDecide(userId, request);
  if (!check.ok) return refusalNotice(check.reason, request);
  if (request.state !== 'pending_approval') return refusalNotice('already_decided', request);
  return undefined;
}

async function cancel(deps: DecisionActionDeps, click: Click) {
  const result = await deps.orders.cancel(click.requestId, click.userId);
  if (!result.ok) return refuse(deps, click, refusalNotice(result.reason, result.request));
  await deps.notifier.decided(result.request);
  await deps.notifier.outcome(result.request);
}

/** The Approve, Reject and Cancel buttons. Each acks first; the work after the ack is tracked for shutdown. */
export function registerDecisionActions(app: App, deps: DecisionActionDeps): void {
  const button = (
    actionId: string,
    handle: (click: Click, body: BlockAction<ButtonAction>, client: App['client']) => Promise<unknown>,
  ) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      await afterAck();
      const click = clicked({ body, action });
      const { requestId } = click;
      if (!requestId) {
        deps.logger.warn({ actionId, userId: click.userId }, 'decision button without a request id ignored');
        return;
      }
      await deps.inFlight.run(() => handle({ ...click, requestId }, body, client));
    });

  button(DECISION_ACTIONS.approve, (click) => approve(deps, click));
  button(DECISION_ACTIONS.reject, (click, body, client) =>
    openRejectModal(deps, click, body.trigger_id, client),
  );
  button(DECISION_ACTIONS.cancel, (click) => cancel(deps, click));
}
