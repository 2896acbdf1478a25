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
import { answerClick, type ClickAnswerDeps, type ClickSurface } from '../tell-only';

export interface DecisionActionDeps extends ClickAnswerDeps {
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
  surface: ClickSurface;
  triggerId: string;
  client: App['client'];
}

type Handler = (click: Click) => Promise<DecisionResult>;

const MODAL_NOT_OPENED = 'Slack did not open the form in time; nothing was changed. Click the button again.';

/**
 * The buttons on the approval message, the requester's confirmation, the doubt notice and the App Home.
 * Each acks first, turns the click into one use case of the workflow (tracked for shutdown), and tells
 * the clicker alone when it changed nothing; a click on the Home tab publishes that Home again. `asks`:
 * the button only opens a modal, so nothing has changed yet when it returns.
 */
export function registerDecisionActions(app: App, deps: DecisionActionDeps): void {
  const button = (actionId: string, handle: Handler, asks = false) =>
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
        surface:
          body.view?.type === 'home'
            ? { kind: 'home' }
            : { kind: 'channel', channel: body.channel?.id ?? deps.approvalsChannelId },
        triggerId: body.trigger_id,
        client,
      };
      const result = await deps.inFlight.run(() => handle(click));
      if (!result.ok) await answerClick(deps, click, refusalNotice(result));
      else if (!asks) await answerClick(deps, click);
    });

  button(DECISION_ACTIONS.approve, (c) => deps.workflow.approve(c.requestId, c.userId));
  button(DECISION_ACTIONS.cancel, (c) => deps.workflow.cancel(c.requestId, c.userId));
  // Asking for more first: who may, and whether it is still open, is checked before the modal opens so a
  // refused click is told at once; the workflow checks both again when the answer arrives.
  button(
    DECISION_ACTIONS.reject,
    async (c) => {
      const may = await deps.workflow.mayDecide(c.requestId, c.userId);
      if (may.ok) await openModal(deps, c, REJECT_REASON, `Rejecting “${requestTitle(may.request)}”.`);
      return may;
    },
    true,
  );
  button(
    DOUBT_ACTIONS.placed,
    async (c) => {
      const may = await deps.workflow.maySettle(c.requestId, c.userId);
      if (may.ok) {
        // A plain-text block: the reference as it is, not escaped for mrkdwn.
        const intro = `The order of “${requestTitle(may.request)}”, reference ${may.request.reference}.`;
        await openModal(deps, c, ORDER_NUMBER, intro);
      }
      return may;
    },
    true,
  );
  button(DOUBT_ACTIONS.notPlaced, (c) => deps.workflow.resolveNotPlaced(c.requestId, c.userId));
}

/**
 * Opens the modal that asks for the rest, saying whether the click came from the Home tab (its answer
 * then publishes that Home again); if Slack does not open it in time, the clicker is told.
 */
async function openModal(deps: DecisionActionDeps, click: Click, spec: TextModalSpec, intro: string) {
  const fromHome = click.surface.kind === 'home';
  try {
    await click.client.views.open({
      trigger_id: click.triggerId,
      view: textModal(spec, click.requestId, intro, { sandbox: deps.sandbox === true, fromHome }),
    });
  } catch (err) {
    deps.logger.warn({ requestId: click.requestId, error: errorSummary(err) }, 'modal not opened');
    await answerClick(deps, click, MODAL_NOT_OPENED);
  }
}
