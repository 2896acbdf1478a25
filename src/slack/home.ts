import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger';
import { ORDER_OUTCOMES, type OrderRequest } from '../orders/model';
import type { DeskOverview, OverviewPages } from '../orders/overview';
import type { Notifier } from '../orders/ports';
import { errorSummary } from './error-summary';
import type { PartnerLists } from './options/partner-lists';
import { historyModal } from './views/history-modal';
import { type ExpiringSoon, type HomeContext, homeView } from './views/home';

/** Yeastar emails the billing contact 30 days before an annual subscription ends: the Home shows as far. */
const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

/** How long after someone opened their Home tab it is kept current for them, and how changes are coalesced. */
export interface HomeRefreshOptions {
  /** The Slack client that publishes a Home nobody clicked in (a change made elsewhere). */
  client: webApi.WebClient;
  /** A Home opened longer ago than this is refreshed only when it is opened again. */
  liveMs: number;
  /** Changes within this long of each other publish one person's Home once. */
  coalesceMs: number;
  /** Most people kept current at once; beyond it the longest unseen are dropped. */
  maxLive?: number;
}

interface LiveHome {
  approver: boolean;
  notice?: string;
  pages: OverviewPages;
}

export interface AppHomeDeps {
  overview: Pick<DeskOverview, 'of' | 'history'>;
  ctx: HomeContext;
  logger: Logger;
  refresh?: HomeRefreshOptions;
  /** What is held and when it expires; without it the Home has no "Expiring soon". */
  lists?: Pick<PartnerLists, 'expiring'>;
  /** Now, for what expires soon; the system clock unless a test gives its own. */
  now?: () => Date;
}

/**
 * Publishes people's Home tabs: the desk as each person sees it now, read when it is published. A Home
 * opened lately is published again when a request it shows changes, from wherever the change came.
 */
export class AppHome {
  /**
   * People whose Home was published lately: whether it shows what waits for their approval, the notice
   * it shows on top (what came of their last click there) and the pages they turned to, kept until they
   * open the tab again.
   */
  private readonly live: LRUCache<string, LiveHome> | undefined;
  private readonly due = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: AppHomeDeps) {
    const refresh = deps.refresh;
    this.live = refresh && new LRUCache({ max: refresh.maxLive ?? 5000, ttl: refresh.liveMs });
  }

  /**
   * Publishes this person's Home tab, with `notice` on top when given, at the pages they turned to
   * (`pages` turns them; unset keeps those of the last publish). Not queued: a Home shows the present,
   * and the next opening of the tab publishes it again, so a failure is only logged.
   */
  async publish(
    client: webApi.WebClient,
    userId: string,
    options: { notice?: string; pages?: OverviewPages } = {},
  ): Promise<void> {
    const { notice } = options;
    const pages = options.pages ?? this.pagesOf(userId);
    try {
      const [overview, expiring] = await Promise.all([
        this.deps.overview.of(userId, pages),
        this.expiringSoon(),
      ]);
      const view = homeView(overview, this.deps.ctx, notice, expiring);
      await client.views.publish({ user_id: userId, view });
      const approver = overview.waiting.kind !== 'not_approver';
      this.live?.set(userId, { approver, pages, ...(notice && { notice }) });
    } catch (err) {
      this.deps.logger.warn({ userId, error: errorSummary(err) }, 'home tab not published');
    }
  }

  /**
   * A request changed: the Homes it shows on are published again (soon, once for a burst of changes).
   * Its requester's lists it; every approver's "Waiting" may gain or lose it; an order's outcome is in
   * everyone's "Recent orders".
   */
  changed(request: OrderRequest): void {
    const { live } = this;
    const refresh = this.deps.refresh;
    if (!live || !refresh) return;
    const everyone = ORDER_OUTCOMES.includes(request.state);
    for (const [userId, seen] of live.entries()) {
      if (everyone || seen.approver || userId === request.requesterId) this.publishSoon(refresh, userId);
    }
  }

  /** The pages this person's Home was last published at. */
  pagesOf(userId: string): OverviewPages {
    return this.live?.get(userId)?.pages ?? {};
  }

  /** What expires soon, as the cached lists know it; left out when they cannot be had in time. */
  private async expiringSoon(): Promise<ExpiringSoon | undefined> {
    const { lists } = this.deps;
    if (!lists) return undefined;
    const now = this.deps.now?.() ?? new Date();
    const found = await lists.expiring(now, EXPIRING_WITHIN_DAYS * DAY_MS);
    if (found.status !== 'ok') return undefined;
    return { holdings: found.items, dated: found.dated ?? false, now, withinDays: EXPIRING_WITHIN_DAYS };
  }

  /** Stops the publishes still waiting; a Home opened again is published then. */
  stop(): void {
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }

  private publishSoon(refresh: HomeRefreshOptions, userId: string): void {
    if (this.due.has(userId)) return;
    const timer = setTimeout(() => {
      this.due.delete(userId);
      const notice = this.live?.get(userId)?.notice;
      void this.publish(refresh.client, userId, notice ? { notice } : {});
    }, refresh.coalesceMs);
    timer.unref();
    this.due.set(userId, timer);
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

/** The notifier, telling the Home tabs too: every step people are told of is one their Homes show. */
export function notifyingHomes(notifier: Notifier, home: Pick<AppHome, 'changed'>): Notifier {
  const and =
    <A extends unknown[]>(step: (request: OrderRequest, ...rest: A) => Promise<void>) =>
    async (request: OrderRequest, ...rest: A) => {
      await step(request, ...rest);
      home.changed(request);
    };
  return {
    submitted: and((r) => notifier.submitted(r)),
    decided: and((r) => notifier.decided(r)),
    outcome: and((r) => notifier.outcome(r)),
    // A reminder changes nothing a Home shows.
    reminder: (r, n) => notifier.reminder(r, n),
    repriced: and((r) => notifier.repriced(r)),
  };
}
