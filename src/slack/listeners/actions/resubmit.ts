import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { yieldToWaitingIo } from '../../../yield-to-waiting-io';
import { errorSummary } from '../../error-summary';
import { RESUBMIT_ACTION } from '../../ids';
import type { RequestFlowDeps } from '../../request-flow';
import { refusalNotice } from '../../views/notices';
import { type RequestModalMeta, resubmitMeta } from '../../views/request-modal';
import { openRequestModal } from '../modal-refresh';

/**
 * "Edit and resubmit" on a request that ended without an order: its requester gets the request modal as
 * the request left it. Who may, and whether it ended so, is checked on the server; the new request is a
 * request of its own, which names the old one.
 */
export function registerResubmitAction(app: App, deps: RequestFlowDeps): void {
  app.action<BlockAction<ButtonAction>>(RESUBMIT_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    await yieldToWaitingIo();
    const requestId = z.uuid().safeParse(action.value);
    if (!requestId.success) return;
    const userId = body.user.id;
    const may = await deps.workflow.mayResubmit(requestId.data, userId);
    const start: RequestModalMeta = {
      command: 'purchase',
      ...(deps.sandbox ? { sandbox: true } : {}),
      ...(deps.ownAccount ? { ownAccount: deps.ownAccount } : {}),
    };
    const meta = may.ok ? resubmitMeta(may.request, start) : undefined;
    if (!meta) {
      const told = may.ok
        ? 'This kind of order can no longer be sent from Slack; use /renew or /purchase.'
        : may.reason === 'not_requester'
          ? 'Only the requester can send this request again; nothing was changed.'
          : refusalNotice(may);
      const channel = body.channel?.id;
      if (channel) {
        await client.chat
          .postEphemeral({ channel, user: userId, text: told })
          .catch((error: unknown) =>
            deps.logger.warn({ error: errorSummary(error) }, 'resubmit refusal not told'),
          );
      }
      return;
    }
    await openRequestModal(client, deps.lists, body.trigger_id, meta, deps.logger);
  });
}
