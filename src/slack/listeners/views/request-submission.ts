import type { App, ViewSubmitAction } from '@slack/bolt';
import { validateOrderInput } from '../../../catalog';
import type { SubmitResult } from '../../../orders';
import { errorSummary } from '../../error-summary';
import { REQUEST_MODAL } from '../../ids';
import type { RequestFlowDeps } from '../../request-flow';
import { readRequestForm } from '../../views/request-modal';
import {
  alreadySent,
  CHOOSE_PRODUCT,
  inlineErrors,
  NOT_SAVED,
  OUT_OF_DATE,
  unavailableErrors,
} from './submission-errors';

const productError = (message: string) => ({
  response_action: 'errors' as const,
  errors: { [REQUEST_MODAL.blocks.product]: message },
});

/**
 * Submission of the request modal. Its answer is the ack: errors go inline under their inputs; a valid
 * request is stored, and its approval message queued, before the modal closes, so nothing is lost
 * silently. Slack delivers the approval message after the ack.
 */
export function registerRequestSubmission(app: App, deps: RequestFlowDeps): void {
  app.view<ViewSubmitAction>(REQUEST_MODAL.callbackId, async ({ ack, body, view }) => {
    const form = readRequestForm(view);
    if (!form) {
      await ack(productError(OUT_OF_DATE));
      return;
    }
    const { scenario, meta } = form;
    if (!scenario) {
      await ack(productError(CHOOSE_PRODUCT));
      return;
    }
    const present = new Set(Object.keys(view.state.values));
    const unavailable = unavailableErrors(form);
    if (Object.keys(unavailable).length > 0) {
      await ack({ response_action: 'errors', errors: inlineErrors(unavailable, form, present) });
      return;
    }
    const raw = Object.fromEntries(
      Object.entries(form.entries).map(([field, entry]) => [field, entry.value]),
    );
    const facts = await deps.lists.currentCounts(
      scenario,
      { partnerId: form.entries.partnerId?.value },
      form.entries.serviceId?.value,
    );
    const result = validateOrderInput(scenario, raw, facts);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: inlineErrors(result.errors, form, present) });
      return;
    }
    // The catalog's body builder ignores `labels`; they keep what the requester saw with the request.
    const input = { ...result.value, labels: form.labels };
    let submitted: SubmitResult;
    try {
      submitted = await deps.workflow.submit({
        requesterId: body.user.id,
        scenarioId: scenario.id,
        input,
        // The same form sent again (Slack gave up waiting and the person pressed Submit once more) is the
        // same request, not a second one.
        submissionKey: view.id,
        ...(meta.channelId ? { slack: { originChannelId: meta.channelId } } : {}),
      });
    } catch (error) {
      deps.logger.error({ scenarioId: scenario.id, error: errorSummary(error) }, 'order request not stored');
      await ack(productError(NOT_SAVED));
      return;
    }
    if (submitted.kind === 'conflict') {
      await ack(productError(alreadySent(submitted.request.reference)));
      return;
    }
    await ack();
  });
}
