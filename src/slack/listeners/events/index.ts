import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { AppHome } from '../../home';
import { HISTORY_ACTION } from '../../ids';

export interface HomeListenerDeps {
  home: Pick<AppHome, 'publish' | 'openHistory'>;
}

/** Opening the app's Home tab publishes it as it is now; the Messages tab sends the same event, ignored. */
export function registerHomeListeners(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(client, event.user);
  });
  // History is read-only, so whoever sees the request may see its steps; the value is only an id.
  app.action<BlockAction<ButtonAction>>(HISTORY_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const requestId = z.uuid().safeParse(action.value);
    if (requestId.success) await deps.home.openHistory(client, body.trigger_id, requestId.data);
  });
}
