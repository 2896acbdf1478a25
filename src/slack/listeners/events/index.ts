import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { AppHome } from '../../home';
import { HISTORY_ACTION, HOME_PAGE_ACTIONS } from '../../ids';

export interface HomeListenerDeps {
  home: Pick<AppHome, 'publish' | 'openHistory' | 'pagesOf'>;
}

const pageValueSchema = z.object({
  part: z.enum(['mine', 'waiting']),
  offset: z.number().int().min(0).max(100_000),
});

/**
 * Opening the app's Home tab publishes it as it is now, from the first pages; the Messages tab sends the
 * same event, ignored. Previous and Next turn the page of one part, the others staying where they are.
 */
export function registerHomeListeners(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(client, event.user, { pages: {} });
  });
  const turns = new RegExp(`^(${Object.values(HOME_PAGE_ACTIONS).join('|')})$`);
  app.action<BlockAction<ButtonAction>>(turns, async ({ ack, action, body, client }) => {
    await ack();
    let value: unknown;
    try {
      value = JSON.parse(action.value ?? '');
    } catch {
      return;
    }
    const page = pageValueSchema.safeParse(value);
    if (!page.success) return;
    const pages = { ...deps.home.pagesOf(body.user.id), [page.data.part]: page.data.offset };
    await deps.home.publish(client, body.user.id, { pages });
  });
  // History is read-only, so whoever sees the request may see its steps; the value is only an id.
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const requestId = z.uuid().safeParse(action.value);
    if (requestId.success) await deps.home.openHistory(client, body.trigger_id, requestId.data);
  });
}
