import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../../../logger';
import type { OrderRequestService } from '../../../orders';
import { REJECT_MODAL } from '../../ids';
import type { InFlight } from '../../in-flight';
import type { Notifier } from '../../notifier';
import { refusalNotice } from '../../views/notices';
import { parseRejectSubmission } from '../../views/reject-modal';

export interface RejectReasonDeps {
  logger: Logger;
  orders: OrderRequestService;
  notifier: Notifier;
  inFlight: InFlight;
}

/** The reject modal's submission: a blank reason keeps the modal open; otherwise it closes and decides. */
export function registerRejectReason(app: App, deps: RejectReasonDeps): void {
  app.view<ViewSubmitAction>(REJECT_MODAL.callbackId, async ({ ack, body, view }) => {
    const submission = parseRejectSubmission(view);
    if (!submission) {
      await ack();
      deps.logger.warn({ userId: body.user.id }, 'reject modal submission not understood; ignored');
      return;
    }
    if (!submission.reason) {
      await ack({
        response_action: 'errors',
        errors: { [REJECT_MODAL.blocks.reason]: refusalNotice('reason_required') },
      });
      return;
    }
    await ack();
    const userId = body.user.id;
    await deps.inFlight.run(async () => {
      const result = await deps.orders.reject(submission.requestId, userId, submission.reason);
      if (!result.ok) {
        return deps.notifier.refuse(
          submission.requestId,
          userId,
          result.request?.slack.approvalChannelId,
          refusalNotice(result.reason, result.request),
        );
      }
      await deps.notifier.decided(result.request);
      await deps.notifier.outcome(result.request);
    });
  });
}
