import type { App } from '@slack/bolt';
import type { AppHome } from '../../home';

export interface HomeListenerDeps {
  home: Pick<AppHome, 'publish'>;
}

/** Opening the app's Home tab publishes it as it is now; the Messages tab sends the same event, ignored. */
export function registerHomeListeners(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(client, event.user);
  });
}
