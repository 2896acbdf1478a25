import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../logger';
import type { DecisionResult, OrderWorkflow } from '../../../orders';
import { yieldToWaitingIo } from '../../../yield-to-waiting-io';
import { errorSummary } from '../../error-summary';
import { DECISION_ACTIONS, DOUBT_ACTIONS } from '../../ids';
import type { InFlight } from '../../in-flight';
import { refusalNotice } from '../../views/notices';
import { requestTitle } from '../../views/request-summary';
import { ORDER_NUMBER, REJECT_REASON, type TextModalSpec, textModal } from '../../views/text-modal';
import { tellOnly } from '../tell-only';

export interface DecisionActionDeps {
  logger: Logger;
  workflow: Pick<OrderWorkflow, 'approve' | 'cancel' | 'mayDecide' | 'maySettle' | 'resolveNotPlaced'>;
  inFlight: InFlight;
  approvalsChannelId: string;
  /** Orders go to the built-in sandbox: the modals say so. */
  sandbox?: boolean;
}

/** A button value is the request id and nothing else. */
const requestIdSchema = z.uuid();

interface Click {
  requestId: string;
  userId: string;
  channel: string | undefined;
  triggerId: string;
  client: App['client'];
}

type Handler = (click: Click) => Promise<DecisionResult>;

const MODAL_NOT_OPENED = 'Slack did not open the form in time; nothing was changed. Click the button again.';

/**
 * The buttons on the approval message, the requester's confirmation and the doubt notice. Each acks
 * first, turns the click into one use case of the workflow (tracked for shutdown), and tells the clicker
 * alone when it changed nothing.
 */
export function registerDecisionActions(app: App, deps: DecisionActionDeps): void {
  const button = (actionId: string, handle: Handler) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      await yieldToWaitingIo();
      const requestId = requestIdSchema.safeParse(action.value);
      if (!requestId.success) {
        deps.logger.warn({ actionId, userId: body.user.id }, 'button without a request id ignored');
        return;
      }
      const click: Click = {
        requestId: requestId.data,
        userId: body.user.id,
        channel: body.channel?.id,
        triggerId: body.trigger_id,
        client,
      };
      const result = await deps.inFlight.run(() => handle(click));
      if (!result.ok) {
        const channel = click.channel ?? deps.approvalsChannelId;
        await tellOnly(client, deps.logger, { channel, user: click.userId, text: refusalNotice(result) });
      }
    });

  button(DECISION_ACTIONS.approve, (c) => deps.workflow.approve(c.requestId, c.userId));
  button(DECISION_ACTIONS.cancel, (c) => deps.workflow.cancel(c.requestId, c.userId));
  // Asking for more first: who may, and whether it is still open, is checked before the modal opens so a
  // refused click is told at once; the workflow checks both again when the answer arrives.
  button(DECISION_ACTIONS.reject, async (c) => {
    const may = await deps.workflow.mayDecide(c.requestId, c.userId);
    if (may.ok) await openModal(deps, c, REJECT_REASON, `Rejecting “${requestTitle(may.request)}”.`);
    return may;
  });
  button(DOUBT_ACTIONS.placed, async (c) => {
    const may = await deps.workflow.maySettle(c.requestId, c.userId);
    if (may.ok) {
      // A plain-text block: the reference as it is, not escaped for mrkdwn.
      const intro = `The order of “${requestTitle(may.request)}”, reference ${may.request.reference}.`;
      await openModal(deps, c, ORDER_NUMBER, intro);
    }
    return may;
  });
  button(DOUBT_ACTIONS.notPlaced, (c) => deps.workflow.resolveNotPlaced(c.requestId, c.userId));
}

/** Opens the modal that asks for the rest; if Slack does not open it in time, the clicker is told. */
async function openModal(deps: DecisionActionDeps, click: Click, spec: TextModalSpec, intro: string) {
  try {
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: textModal(spec, click.requestId, intro, deps.sandbox === true),
    });
  } catch (err) {
    deps.logger.warn({ requestId: click.requestId, error: errorSummary(err) }, 'modal not opened');
    const channel = click.channel ?? deps.approvalsChannelId;
    await tellOnly(click.client, deps.logger, { channel, user: click.userId, text: MODAL_NOT_OPENED });
  }
}
