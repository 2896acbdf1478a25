import type { App, ViewSubmitAction } from '@slack/bolt';
import { validateOrderInput } from '../../../catalog';
import type { OrderRequest } from '../../../orders/model';
import { REQUEST_MODAL } from '../../ids';
import type { RequestFlowDeps } from '../../request-flow';
import { readRequestForm } from '../../views/request-modal';
import { errorSummary } from '../modal-refresh';
import { CHOOSE_PRODUCT, inlineErrors, NOT_SAVED, OUT_OF_DATE, unavailableErrors } from './submission-errors';

const productError = (message: string) => ({
  response_action: 'errors' as const,
  errors: { [REQUEST_MODAL.blocks.product]: message },
});

/**
 * Submission of the request modal. Its answer is the ack: errors go inline under their inputs; a valid
 * request is stored first and only then is the modal closed, so nothing is lost silently. Posting it
 * for approval happens after the ack.
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
    let request: OrderRequest;
    try {
      request = await deps.orders.submit({
        requesterId: body.user.id,
        scenarioId: scenario.id,
        input,
        ...(meta.channelId ? { slack: { originChannelId: meta.channelId } } : {}),
      });
    } catch (error) {
      deps.logger.error({ scenarioId: scenario.id, error: errorSummary(error) }, 'order request not stored');
      await ack(productError(NOT_SAVED));
      return;
    }
    await ack();
    try {
      await deps.onSubmitted(request);
    } catch (error) {
      deps.logger.error(
        { requestId: request.id, error: errorSummary(error) },
        'stored request not posted for approval',
      );
    }
  });
}
