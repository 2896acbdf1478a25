import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { MAX_REASON_LENGTH } from '../../orders/workflow';
import { ORDER_NUMBER_MODAL, REJECT_MODAL } from '../ids';
import { truncate } from '../mrkdwn';
import { sandboxBlocks } from './request-summary';

/**
 * A modal that asks one thing about one request: why an approver rejects it, or the number of an order
 * found in the Partner Portal. The request id travels in private_metadata, and whether it was asked from
 * the App Home; nothing else.
 */
export interface TextModalSpec {
  callbackId: string;
  blockId: string;
  actionId: string;
  title: string;
  submit: string;
  label: string;
  hint?: string;
  multiline: boolean;
  maxLength: number;
}

export const REJECT_REASON: TextModalSpec = {
  callbackId: REJECT_MODAL.callbackId,
  blockId: REJECT_MODAL.blocks.reason,
  actionId: REJECT_MODAL.actions.reason,
  title: 'Reject request',
  submit: 'Reject',
  label: 'Reason (the requester sees it)',
  multiline: true,
  maxLength: MAX_REASON_LENGTH,
};

export const ORDER_NUMBER: TextModalSpec = {
  callbackId: ORDER_NUMBER_MODAL.callbackId,
  blockId: ORDER_NUMBER_MODAL.blocks.orderNo,
  actionId: ORDER_NUMBER_MODAL.actions.orderNo,
  title: 'Order was placed',
  submit: 'Check and record',
  label: 'Order number',
  hint: 'As the Partner Portal shows it under Orders & Billing › Orders. The app checks it with Yeastar.',
  multiline: false,
  maxLength: 64,
};

const metadataSchema = z.object({
  requestId: z.string().min(1).max(100),
  /** The click that opened it was on the App Home, which is published again once the modal is answered. */
  fromHome: z.literal(true).optional(),
});

export interface TextModalOptions {
  /** Orders go to the built-in sandbox: the modal says so. */
  sandbox?: boolean;
  fromHome?: boolean;
}

export function textModal(
  spec: TextModalSpec,
  requestId: string,
  intro: string,
  options: TextModalOptions = {},
): ModalView {
  const { sandbox = false, fromHome = false } = options;
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: JSON.stringify({ requestId, ...(fromHome && { fromHome }) }),
    title: { type: 'plain_text', text: spec.title },
    submit: { type: 'plain_text', text: spec.submit },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      ...sandboxBlocks({ sandbox }),
      { type: 'section', text: { type: 'plain_text', text: truncate(intro, 3000) } },
      {
        type: 'input',
        block_id: spec.blockId,
        label: { type: 'plain_text', text: spec.label },
        ...(spec.hint && { hint: { type: 'plain_text', text: spec.hint } }),
        element: {
          type: 'plain_text_input',
          action_id: spec.actionId,
          multiline: spec.multiline,
          max_length: spec.maxLength,
        },
      },
    ],
  };
}

function submissionSchema(spec: TextModalSpec) {
  return z.object({
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
        [spec.blockId]: z.object({ [spec.actionId]: z.object({ value: z.string().nullish() }) }),
      }),
    }),
  });
}

export type TextSubmission = { requestId: string; text: string; fromHome: boolean };

/** The request id and the trimmed text (possibly empty), or undefined for a view we did not build. */
export function parseTextModal(spec: TextModalSpec, view: unknown): TextSubmission | undefined {
  const parsed = submissionSchema(spec).safeParse(view);
  if (!parsed.success) return undefined;
  const value = parsed.data.state.values[spec.blockId]?.[spec.actionId]?.value;
  const { requestId, fromHome } = parsed.data.private_metadata;
  return { requestId, text: (value ?? '').trim(), fromHome: fromHome === true };
}
