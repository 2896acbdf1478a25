import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  LogLevel,
  type StaticSelectAction,
  type ViewSubmitAction,
} from '@slack/bolt';

/**
 * A tiny real Bolt 5 app that exercises what the order desk will: a /renew modal with a dispatching
 * product select, a dependent external_select, an input validated on submit, and an approval button.
 */

export const SIGNING_SECRET = 'emulator-test-signing-secret';
export const APPROVALS = 'CAPPROVALS';

const PLANS: Record<string, { value: string; text: string }[]> = {
  pseries: [
    { value: 'ps-monthly', text: 'P-Series monthly' },
    { value: 'ps-annual', text: 'P-Series annual' },
  ],
  cloud: [{ value: 'cloud-annual', text: 'Cloud annual' }],
};

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

function renewModal(product?: string) {
  return {
    type: 'modal' as const,
    callback_id: 'renew_modal',
    title: { type: 'plain_text' as const, text: 'Renew a licence' },
    submit: { type: 'plain_text' as const, text: 'Request' },
    private_metadata: JSON.stringify({ mode: 'renew' }),
    blocks: [
      {
        type: 'input',
        block_id: 'product_block',
        dispatch_action: true,
        label: { type: 'plain_text' as const, text: 'Product' },
        element: {
          type: 'static_select',
          action_id: 'product_select',
          options: [option('P-Series', 'pseries'), option('Cloud', 'cloud')],
        },
      },
      {
        type: 'input',
        // The product is part of the block_id, so a new product resets the plan (spec §1.7).
        block_id: `plan_block::${product ?? 'none'}`,
        label: { type: 'plain_text' as const, text: 'Plan' },
        element: { type: 'external_select', action_id: 'plan_select', min_query_length: 0 },
      },
      {
        type: 'input',
        block_id: 'seats_block',
        label: { type: 'plain_text' as const, text: 'Seats' },
        element: { type: 'plain_text_input', action_id: 'seats_input' },
      },
    ],
  };
}

export interface RenewApp {
  eventsUrl: string;
  /** Every body Bolt handed to a listener, in arrival order. */
  received: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** A quiet Bolt app over HTTP whose Web API client talks to the emulator and never retries. */
export function emulatedBoltApp(slackApiUrl: string, token: string, signingSecret = SIGNING_SECRET): App {
  return new App({
    token,
    signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl, retryConfig: { retries: 0 } },
  });
}

/** Starts the app on a free loopback port; resolves with its events URL. */
export async function listenOnLoopback(app: App): Promise<string> {
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
  return `http://127.0.0.1:${server.address().port}/slack/events`;
}

export async function startRenewApp(slackApiUrl: string, token: string): Promise<RenewApp> {
  const app = emulatedBoltApp(slackApiUrl, token);
  const received = registerListeners(app);
  return {
    eventsUrl: await listenOnLoopback(app),
    received,
    stop: async () => {
      await app.stop();
    },
  };
}

/** The same app in Socket Mode: it connects out to the emulator with its app-level token. */
export async function startSocketModeRenewApp(
  slackApiUrl: string,
  token: string,
  appToken: string,
): Promise<Omit<RenewApp, 'eventsUrl'>> {
  const app = new App({
    token,
    appToken,
    socketMode: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl, retryConfig: { retries: 0 } },
  });
  const received = registerListeners(app);
  await app.start();
  return {
    received,
    stop: async () => {
      await app.stop();
    },
  };
}

/** Registers the listeners; returns the list every body Bolt hands them is recorded in. */
function registerListeners(app: App): Record<string, unknown>[] {
  const received: Record<string, unknown>[] = [];
  app.use(async ({ body, next }) => {
    received.push(body as Record<string, unknown>);
    await next();
  });

  app.command('/renew', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: renewModal() });
  });

  app.action<BlockAction<StaticSelectAction>>('product_select', async ({ ack, body, action, client }) => {
    await ack();
    if (!body.view) return;
    await client.views.update({
      view_id: body.view.id,
      hash: body.view.hash,
      view: renewModal(action.selected_option.value),
    });
  });

  app.options<'block_suggestion'>('plan_select', async ({ options, ack }) => {
    const product = options.block_id.split('::')[1] ?? '';
    const query = options.value.toLowerCase();
    const plans = (PLANS[product] ?? []).filter((p) => p.text.toLowerCase().includes(query));
    await ack({ options: plans.map((p) => option(p.text, p.value)) });
  });

  app.view<ViewSubmitAction>('renew_modal', async ({ ack, view, body, client }) => {
    const seats = Number(view.state.values.seats_block?.seats_input?.value);
    if (!Number.isInteger(seats) || seats < 1 || seats > 500) {
      await ack({ response_action: 'errors', errors: { seats_block: 'Seats must be between 1 and 500' } });
      return;
    }
    await ack();
    const planBlock = Object.keys(view.state.values).find((id) => id.startsWith('plan_block::')) ?? '';
    const plan = view.state.values[planBlock]?.plan_select?.selected_option?.value;
    await client.chat.postMessage({
      channel: APPROVALS,
      text: `<@${body.user.id}> asks to renew ${plan} for ${seats} seats`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `Renew *${plan}*, ${seats} seats` } },
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              text: { type: 'plain_text', text: 'Approve' },
              value: 'req-1',
            },
          ],
        },
      ],
    });
  });

  app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, action, client }) => {
    await ack();
    const channel = body.channel?.id ?? '';
    const ts = body.message?.ts ?? '';
    await client.chat.update({
      channel,
      ts,
      text: `Approved by <@${body.user.id}>`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `✅ Approved by <@${body.user.id}>` } }],
    });
    await client.chat.postMessage({ channel, thread_ts: ts, text: `Order placed for ${action.value}` });
  });
  return received;
}
