import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger';
import { errorSummary } from '../error-summary';
import type { PartnerLists } from '../options/partner-lists';
import { buildRequestModal, chosenScenario, type RequestModalMeta, withOwner } from '../views/request-modal';

/** The meta with the current counts of the chosen row, for the chosen customer (or own account). */
export async function withCurrentCounts(
  lists: PartnerLists,
  meta: RequestModalMeta,
): Promise<RequestModalMeta> {
  const scenario = chosenScenario(meta);
  const current = scenario ? await lists.currentCounts(scenario, { partnerId: meta.partnerId }) : {};
  return withOwner(meta, meta.partnerId, current);
}

/**
 * Re-renders the modal. `hash` makes Slack refuse an update based on an older view (the person changed
 * something meanwhile); their newer change brings its own update, so a refusal is only logged.
 */
export async function updateRequestModal(
  client: webApi.WebClient,
  view: { id: string; hash: string },
  meta: RequestModalMeta,
  logger: Logger,
): Promise<void> {
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: buildRequestModal(meta) });
  } catch (error) {
    logger.warn({ viewId: view.id, error: errorSummary(error) }, 'request modal not updated');
  }
}
