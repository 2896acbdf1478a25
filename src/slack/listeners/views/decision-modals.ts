import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../../../logger';
import { Deadline, type OrderWorkflow } from '../../../orders';
import type { InFlight } from '../../in-flight';
import { refusalNotice } from '../../views/notices';
import { ORDER_NUMBER, parseTextModal, REJECT_REASON } from '../../views/text-modal';
import { answerClick, type ClickAnswerDeps } from '../tell-only';

export interface DecisionModalDeps extends ClickAnswerDeps {
  logger: Logger;
  workflow: Pick<OrderWorkflow, 'reject' | 'resolvePlaced'>;
  inFlight: InFlight;
  approvalsChannelId: string;
}

/** How long the order-number check may take: its answer is the submission's ack, due within 3 s. */
const ORDER_CHECK_MS = 2000;

/** An order number as the Partner Portal shows one: letters and digits (the tutorials' "TY2025…"), maybe dashes. */
const ORDER_NO = /^[A-Za-z0-9-]{4,64}$/;

/** The two modals an approver submits on a request: the reason to reject it, and the order number found. */
export function registerDecisionModals(app: App, deps: DecisionModalDeps): void {
  // Rejecting: a blank reason keeps the modal open; otherwise it closes and the workflow decides.
  app.view<ViewSubmitAction>(REJECT_REASON.callbackId, async ({ ack, body, view, client }) => {
    const submission = parseTextModal(REJECT_REASON, view);
    if (!submission) {
      await ack();
      deps.logger.warn({ userId: body.user.id }, 'reject modal submission not understood; ignored');
      return;
    }
    if (!submission.text) {
      await ack({
        response_action: 'errors',
        errors: { [REJECT_REASON.blockId]: refusalNotice({ reason: 'reason_required' }) },
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    const result = await deps.inFlight.run(() =>
      deps.workflow.reject(submission.requestId, userId, submission.text),
    );
    const channel = result.request?.slack.approvalChannelId ?? deps.approvalsChannelId;
    const surface = submission.fromHome ? { kind: 'home' as const } : { kind: 'channel' as const, channel };
    await answerClick(deps, { client, userId, surface }, result.ok ? undefined : refusalNotice(result));
  });

  // The order an approver found: checked with Yeastar before the modal closes, every refusal inline.
  app.view<ViewSubmitAction>(ORDER_NUMBER.callbackId, async ({ ack, body, view }) => {
    const submission = parseTextModal(ORDER_NUMBER, view);
    if (!submission) {
      await ack();
      deps.logger.warn({ userId: body.user.id }, 'order number modal submission not understood; ignored');
      return;
    }
    const inline = (text: string) =>
      ack({ response_action: 'errors', errors: { [ORDER_NUMBER.blockId]: text } });
    if (!ORDER_NO.test(submission.text)) {
      await inline('Type the order number as the Partner Portal shows it, for example TY2025082112345678.');
      return;
    }
    const result = await deps.inFlight.run(() =>
      deps.workflow.resolvePlaced(
        submission.requestId,
        body.user.id,
        submission.text,
        Deadline.after(ORDER_CHECK_MS),
      ),
    );
    if (result.ok) await ack();
    else await inline(refusalNotice(result));
  });
}
