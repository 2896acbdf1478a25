import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../../catalog';
import { yieldToWaitingIo } from '../../../yield-to-waiting-io';
import { errorSummary } from '../../error-summary';
import type { RequestFlowDeps } from '../../request-flow';
import { buildRequestModal, chosenScenario } from '../../views/request-modal';
import { updateRequestModal, withCurrentCounts } from '../modal-refresh';
import { prefillFromText } from './prefill';

const commandSchema = z.object({
  trigger_id: z.string().min(1),
  channel_id: z.string().max(40),
  text: z.string().max(500).default(''),
});

const openedSchema = z.object({ view: z.object({ id: z.string(), hash: z.string() }) });

const COMMANDS: readonly Command[] = ['renew', 'purchase'];

/**
 * /renew and /purchase open the modal at once: the trigger expires after 3 s, so nothing waits for the
 * Partner API before views.open. The lists are warmed after, and a pre-filled renewal gets its current
 * count by a views.update.
 */
export function registerCommandListeners(app: App, deps: RequestFlowDeps): void {
  for (const command of COMMANDS) {
    app.command(`/${command}`, async ({ ack, body, client }) => {
      await ack();
      await yieldToWaitingIo();
      const parsed = commandSchema.safeParse(body);
      if (!parsed.success) {
        deps.logger.warn({ command }, 'slash command payload not understood');
        return;
      }
      const { trigger_id: triggerId, channel_id: channelId, text } = parsed.data;
      const meta = prefillFromText(command, text, { command, channelId });
      let opened: z.infer<typeof openedSchema>;
      try {
        opened = openedSchema.parse(
          await client.views.open({ trigger_id: triggerId, view: buildRequestModal(meta) }),
        );
      } catch (error) {
        deps.logger.error({ command, error: errorSummary(error) }, 'request modal not opened');
        return;
      }
      deps.lists.warm(command);
      const scenario = chosenScenario(meta);
      if (!scenario) return;
      deps.lists.warmProduct(scenario, meta.serialNumber);
      const counted = await withCurrentCounts(deps.lists, meta);
      if (counted.current) await updateRequestModal(client, opened.view, counted, deps.logger);
    });
  }
}
