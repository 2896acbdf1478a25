import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { MAX_REASON_LENGTH } from '../../orders/service';
import { REJECT_MODAL } from '../ids';
import { truncate } from '../mrkdwn';

/** The modal an approver fills in to reject: the request id travels in private_metadata, nothing else. */

const metadataSchema = z.object({ requestId: z.string().min(1).max(100) });

export function rejectModal(requestId: string, title: string): ModalView {
  return {
    type: 'modal',
    callback_id: REJECT_MODAL.callbackId,
    private_metadata: JSON.stringify({ requestId }),
    title: { type: 'plain_text', text: 'Reject request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: { type: 'plain_text', text: truncate(`Rejecting “${title}”.`, 3000) },
      },
      {
        type: 'input',
        block_id: REJECT_MODAL.blocks.reason,
        label: { type: 'plain_text', text: 'Reason (the requester sees it)' },
        element: {
          type: 'plain_text_input',
          action_id: REJECT_MODAL.actions.reason,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}

const submissionSchema = z.object({
  private_metadata: z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'private_metadata is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(metadataSchema),
  state: z.object({
    values: z.object({
      [REJECT_MODAL.blocks.reason]: z.object({
        [REJECT_MODAL.actions.reason]: z.object({ value: z.string().nullish() }),
      }),
    }),
  }),
});

export type RejectSubmission = { requestId: string; reason: string };

/** The request id and the trimmed reason (possibly empty), or undefined for a view we did not build. */
export function parseRejectSubmission(view: unknown): RejectSubmission | undefined {
  const parsed = submissionSchema.safeParse(view);
  if (!parsed.success) return undefined;
  const reason = parsed.data.state.values[REJECT_MODAL.blocks.reason]?.[REJECT_MODAL.actions.reason]?.value;
  return { requestId: parsed.data.private_metadata.requestId, reason: (reason ?? '').trim() };
}
