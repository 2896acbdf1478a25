import { loadConfig } from '../../src/config';
import { type OrderDesk, type OrderDeskOverrides, startOrderDesk } from '../../src/index';
import { offlineSettings } from '../../src/offline-desk';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack';

export interface OfflineWorld {
  sandbox: PartnerApiSandbox;
  emulator: SlackEmulator;
  /** The settings that point an app at this world; SQLite in memory unless `env` says otherwise. */
  settings(env?: Record<string, string>): Record<string, string>;
  /** An order desk in this process, on these settings; stopped after the test. */
  startDesk(env?: Record<string, string>, overrides?: OrderDeskOverrides): Promise<OrderDesk>;
}

/** A Partner API sandbox and a Slack emulator for each test, and whatever desk it starts, all closed after it. */
export function useOfflineWorld(): OfflineWorld {
  let desk: OrderDesk | undefined;
  const world = {} as OfflineWorld;
  world.settings = (env = {}) => ({
    ...offlineSettings(world.emulator, world.sandbox),
    DATABASE_URL: 'sqlite::memory:',
    ...env,
  });
  world.startDesk = async (env = {}, overrides = {}) => {
    desk = await startOrderDesk(loadConfig(world.settings(env)), { host: '127.0.0.1', ...overrides });
    // Bolt checks the bot token as it is built, without waiting: let that answer come before the emulator closes.
    await world.emulator.waitFor(() => world.emulator.calls('auth.test').length > 0, {
      what: 'the bot token check',
    });
    return desk;
  };
  beforeEach(async () => {
    world.sandbox = await startPartnerApiSandbox();
    world.emulator = await startSlackEmulator();
  });
  afterEach(async () => {
    await desk?.stop();
    desk = undefined;
    await world.emulator.close();
    await world.sandbox.close();
  });
  return world;
}
