import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { decimalIdSchema } from '../../../catalog';
import { yieldToWaitingIo } from '../../../yield-to-waiting-io';
import { RENEW_EXPIRING_ACTION } from '../../ids';
import { MAX_OPTION_TEXT } from '../../options/option-list';
import type { RequestFlowDeps } from '../../request-flow';
import { type RequestModalMeta, withCustomer } from '../../views/request-modal';
import { openRequestModal } from '../modal-refresh';

/** What a Renew button on the Home tab carries: the holding, and whose it is. */
export const renewExpiringValueSchema = z.object({
  key: z.string().max(150),
  productId: z.number().int().positive(),
  customer: z.object({ value: decimalIdSchema, label: z.string().max(MAX_OPTION_TEXT) }).optional(),
});
export type RenewExpiringValue = z.infer<typeof renewExpiringValueSchema>;

function parsedValue(value: string | undefined): RenewExpiringValue | undefined {
  try {
    const parsed = renewExpiringValueSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Renew" on a subscription the Home tab lists as expiring: the `/renew` modal for its owner, the holding
 * chosen once the modal has looked up what the owner holds now (the button only says which one it was).
 */
export function registerRenewExpiringAction(app: App, deps: RequestFlowDeps): void {
  app.action<BlockAction<ButtonAction>>(RENEW_EXPIRING_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    await yieldToWaitingIo();
    const wanted = parsedValue(action.value);
    if (!wanted) return;
    const start: RequestModalMeta = {
      command: 'renew',
      ...(deps.sandbox ? { sandbox: true } : {}),
      ...(deps.ownAccount ? { ownAccount: deps.ownAccount } : {}),
    };
    const meta = {
      ...withCustomer(start, wanted.customer),
      productId: wanted.productId,
      wantedHolding: wanted.key,
    };
    await openRequestModal(client, deps.lists, body.trigger_id, meta, deps.logger);
  });
}
