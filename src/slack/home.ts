import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger';
import type { DeskOverview } from '../orders/overview';
import { errorSummary } from './error-summary';
import { historyModal } from './views/history-modal';
import { type HomeContext, homeView } from './views/home';

export interface AppHomeDeps {
  overview: Pick<DeskOverview, 'of' | 'history'>;
  ctx: HomeContext;
  logger: Logger;
}

/** Publishes people's Home tabs: the desk as each person sees it now, read when it is published. */
export class AppHome {
  constructor(private readonly deps: AppHomeDeps) {}

  /**
   * Publishes this person's Home tab, with `notice` on top when given. Not queued: a Home shows the
   * present, and the next opening of the tab publishes it again, so a failure is only logged.
   */
  async publish(client: webApi.WebClient, userId: string, notice?: string): Promise<void> {
    try {
      const view = homeView(await this.deps.overview.of(userId), this.deps.ctx, notice);
      await client.views.publish({ user_id: userId, view });
    } catch (err) {
      this.deps.logger.warn({ userId, error: errorSummary(err) }, 'home tab not published');
    }
  }

  /** Opens a request's history for whoever clicked History, from the channel, a DM or the Home tab. */
  async openHistory(client: webApi.WebClient, triggerId: string, requestId: string): Promise<void> {
    try {
      const found = await this.deps.overview.history(requestId);
      if (!found) {
        this.deps.logger.warn({ requestId }, 'history of an unknown request asked for');
        return;
      }
      await client.views.open({
        trigger_id: triggerId,
        view: historyModal(found.request, found.events, this.deps.ctx),
      });
    } catch (err) {
      this.deps.logger.warn({ requestId, error: errorSummary(err) }, 'history not opened');
    }
  }
}
