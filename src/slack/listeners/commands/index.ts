import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../../catalog';
import { yieldToWaitingIo } from '../../../yield-to-waiting-io';
import { errorSummary } from '../../error-summary';
import type { RequestFlowDeps } from '../../request-flow';
import type { RequestModalMeta } from '../../views/request-modal';
import { openRequestModal } from '../modal-refresh';
import { prefillFromText } from './prefill';

const commandSchema = z.object({
  trigger_id: z.string().min(1),
  channel_id: z.string().max(40),
  text: z.string().max(500).default(''),
});

const COMMANDS: readonly Command[] = ['renew', 'purchase'];

const USAGE: Record<Command, string> = {
  renew:
    '*/renew* opens a form to renew what you or a customer hold now, for an approver to approve.\n' +
    'Add a product, a customer or a PBX serial number to start from it: `/renew turnkey`, ' +
    '`/renew Color Ltd`, `/renew rm premium nordlys`.',
  purchase:
    '*/purchase* opens a form to order a new subscription, for an approver to approve.\n' +
    'Add a product, a customer or a PBX serial number to start from it: `/purchase 3631E0997265`, ' +
    '`/purchase remote management`, `/purchase appliance Color Ltd`.',
};

/**
 * /renew and /purchase open the modal at once: the trigger expires after 3 s, so nothing waits for the
 * Partner API before views.open. What the command text names and what the lists say are looked up after,
 * and shown by a views.update. `help` answers with the usage, to the person alone.
 */
export function registerCommandListeners(app: App, deps: RequestFlowDeps): void {
  for (const command of COMMANDS) {
    app.command(`/${command}`, async ({ ack, body, client, respond }) => {
      await ack();
      await yieldToWaitingIo();
      const parsed = commandSchema.safeParse(body);
      if (!parsed.success) {
        deps.logger.warn({ command }, 'slash command payload not understood');
        return;
      }
      const { trigger_id: triggerId, channel_id: channelId, text } = parsed.data;
      if (/^\s*(help|\?)\s*$/i.test(text)) {
        await respond({ response_type: 'ephemeral', text: USAGE[command] }).catch((error: unknown) =>
          deps.logger.warn({ command, error: errorSummary(error) }, 'usage not sent'),
        );
        return;
      }
      const start: RequestModalMeta = {
        command,
        channelId,
        ...(deps.sandbox ? { sandbox: true } : {}),
        ...(deps.ownAccount ? { ownAccount: deps.ownAccount } : {}),
      };
      await openRequestModal(
        client,
        deps.lists,
        triggerId,
        prefillFromText(command, text, start),
        deps.logger,
      );
    });
  }
}
