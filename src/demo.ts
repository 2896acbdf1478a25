import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APPROVALS,
  APPROVER,
  type OfflineDesk,
  ORDERS,
  OTHER,
  REQUESTER,
  startOfflineDesk,
} from './offline-desk';
import { ACCOUNT } from './sandbox/partner-api/seed';
import type { AppAnswer, Block, InputValue, JsonObject } from './sandbox/slack';
import type { OptionsAnswer } from './sandbox/slack/block-kit';
import { holdingKey } from './slack/options/holdings';

/**
 * `npm run demo`: the whole order desk offline. A Partner API sandbox, the Slack emulator and the app run
 * in this process; a requester and an approver work through tutorial scenarios, and every step is printed.
 */

/** What a person picks in the request modal: block id (before any `::`) -> option value or typed text. */
export type Choices = Record<string, string>;

export interface RequestPlay {
  command: '/renew' | '/purchase';
  text?: string;
  choices: Choices;
}

type Say = (line: string) => void;

/** What working the request modal needs of a modal: the emulator's Modal, or a benchmark's handle on one held in another process. */
export interface ModalWork {
  readonly view: JsonObject;
  readonly blocks: Block[];
  waitForUpdate(timeoutMs?: number): Promise<unknown>;
  setValue(blockId: string, actionId: string, value: InputValue): void;
  suggest(blockId: string, actionId: string, query: string): Promise<OptionsAnswer>;
  select(blockId: string, actionId: string, option: InputValue): Promise<AppAnswer | null>;
  submit(): Promise<AppAnswer>;
}

/** Who plays the person: sends the slash command and finds the modal the app opened. */
export interface PersonDriver<M extends ModalWork> {
  command(
    userId: string,
    command: string,
    text?: string,
    options?: { channelId?: string },
  ): Promise<AppAnswer>;
  waitForView(userId: string): Promise<M>;
}

const baseId = (blockId: string) => blockId.split('::')[0] ?? blockId;

interface InputBlock extends Block {
  block_id: string;
  element: NonNullable<Block['element']> & { action_id: string };
  label?: { text: string };
}

function inputs(modal: ModalWork): InputBlock[] {
  return modal.blocks.filter(
    (b): b is InputBlock => b.type === 'input' && typeof b.block_id === 'string' && !!b.element?.action_id,
  );
}

/** Works the request modal as fillRequest does, then submits it. */
export async function playRequest<M extends ModalWork>(
  driver: PersonDriver<M>,
  userId: string,
  play: RequestPlay,
  say: Say = () => undefined,
): Promise<M> {
  const modal = await fillRequest(driver, userId, play, say);
  const submitted = await modal.submit();
  if (submitted.body !== null) throw new Error(`the modal refused: ${JSON.stringify(submitted.body)}`);
  say('  submitted');
  return modal;
}

/**
 * Works the request modal as a person would, from the slash command: field by field in the order shown,
 * typing into searchable menus before picking, and waiting for the modal to redraw after a choice that
 * changes it. Leaves it filled in, not submitted.
 */
export async function fillRequest<M extends ModalWork>(
  driver: PersonDriver<M>,
  userId: string,
  play: RequestPlay,
  say: Say = () => undefined,
): Promise<M> {
  await driver.command(userId, play.command, play.text ?? '', { channelId: 'CGENERAL' });
  const modal = await driver.waitForView(userId);
  const title = (modal.view.title as { text?: string } | undefined)?.text ?? '';
  say(`  modal opened: "${title}"`);
  // What the text names is looked up right after the modal opens; a choice made before that redraw
  // would be drawn over by it.
  if (play.text) await modal.waitForUpdate(3_000).catch(() => undefined);
  const done = new Set<string>();
  for (;;) {
    const next = inputs(modal).find(
      (b) => play.choices[baseId(b.block_id)] !== undefined && !done.has(baseId(b.block_id)),
    );
    if (!next) {
      // What the app looks up after opening (the product a PBX is) may still be on its way.
      const waiting = Object.keys(play.choices).some((key) => !done.has(key));
      if (
        waiting &&
        (await modal.waitForUpdate(3_000).then(
          () => true,
          () => false,
        ))
      )
        continue;
      break;
    }
    const key = baseId(next.block_id);
    done.add(key);
    const wanted = play.choices[key] ?? '';
    const label = next.label?.text ?? key;
    if (next.element.type === 'plain_text_input') {
      modal.setValue(next.block_id, next.element.action_id, wanted);
      say(`    ${label}: typed "${wanted}"`);
      continue;
    }
    let shown = wanted;
    if (next.element.type === 'external_select') {
      const offered = await modal.suggest(next.block_id, next.element.action_id, '');
      shown = offered.options?.find((o) => o.value === wanted)?.text.text ?? wanted;
    } else {
      shown = next.element.options?.find((o) => o.value === wanted)?.text.text ?? wanted;
    }
    say(`    ${label}: chose "${shown}"`);
    const answer = await modal.select(next.block_id, next.element.action_id, wanted);
    if (answer) await modal.waitForUpdate();
  }
  say(
    `    fields shown: ${inputs(modal)
      .map((b) => b.label?.text ?? b.block_id)
      .join(', ')}`,
  );
  return modal;
}

const BILLING = '3197218168379846218';
const YCM = '3341070434683027456';

/** The "What to renew" entry of something the sandbox's own account holds. */
function ownHolding(scenarioId: string, ids: { planId?: string; serviceId?: string }): string {
  return holdingKey(scenarioId, ids, ACCOUNT.ucId);
}

/** How a person orders each Partner API tutorial's example through the modal, from its slash command. */
export const TUTORIAL_PLAYS = {
  'renew-ycm-white-label': {
    command: '/renew',
    choices: { holding: ownHolding('renew-ycm-white-label', { serviceId: YCM }), billing_contact: BILLING },
  },
  'renew-p-series-turnkey-package': {
    command: '/renew',
    choices: {
      holding: ownHolding('renew-turnkey-plan', { planId: '3048941892189077504' }),
      billing_contact: BILLING,
    },
  },
  'renew-rm-premium': {
    command: '/renew',
    choices: {
      holding: ownHolding('renew-rm-premium', { serviceId: '3375819276601303040' }),
      billing_contact: BILLING,
    },
  },
  'purchase-remote-management-premium': {
    command: '/purchase',
    choices: { product: '20', billing_contact: BILLING, quantity: '10' },
  },
  'purchase-p-series-appliance-plan': {
    command: '/purchase',
    text: '3631E0997265',
    choices: {
      scenario: 'purchase-appliance-plan',
      billing_contact: BILLING,
      plan: '3048560232537899008',
      term: 'monthly:0',
    },
  },
} satisfies Record<string, RequestPlay>;

// ---- the demo itself ----------------------------------------------------------------------------------

interface World extends Omit<OfflineDesk, 'close'> {
  say: Say;
  /** How many of the emulator's recorded calls the transcript has shown. */
  shown: number;
  /** Moves the app's store clock on, so that what comes due with time (a reminder) is due now. */
  passTime(ms: number): void;
}

const HOUR = 3_600_000;

/** One run of the app's recovery worker (reminders, order status lookups), and what it said. */
async function recover(w: World): Promise<void> {
  await w.desk.recovery.runOnce();
  await settle(w);
  showNew(w);
}

function buttonsOf(blocks: Block[]): string {
  const names = blocks.flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => `[${(e.text as { text?: string }).text}]`) : [],
  );
  return names.length ? ` ${names.join(' ')}` : '';
}

/** The price a posted request shows (its "Price" field), as " · Price: …". */
function priceOf(blocks: Block[]): string {
  const fields = blocks.flatMap((b) => (b.fields ?? []) as { text?: string }[]);
  const price = fields.find((f) => f.text?.startsWith('*Price*\n'))?.text?.slice('*Price*\n'.length);
  return price ? ` · Price: ${price}` : '';
}

/** The newest approval message, once the app has posted everything about the new request. */
async function postedApproval(w: World, count: number) {
  const message = await w.emulator.waitFor(() => w.emulator.messages(APPROVALS)[count - 1], {
    what: 'the approval message',
  });
  await settle(w);
  showNew(w);
  return message;
}

async function settle(w: World): Promise<void> {
  // Work after a click runs after its ack; wait until the app has said everything it will.
  let seen = -1;
  while (seen !== w.emulator.calls().length) {
    seen = w.emulator.calls().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const SAID = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

/** Prints what the app said in Slack since the last call of this. */
function showNew(w: World): void {
  const calls = w.emulator.calls();
  for (const call of calls.slice(w.shown)) {
    const args = call.args as { channel?: string; text?: string; thread_ts?: string; user?: string };
    const where =
      call.method === 'chat.postEphemeral'
        ? `only ${args.user} sees`
        : args.thread_ts
          ? `thread of ${args.channel}`
          : args.channel;
    const blocks = (call.args.blocks as Block[] | undefined) ?? [];
    const buttons = buttonsOf(blocks);
    const price = call.method === 'chat.postMessage' ? priceOf(blocks) : '';
    // What people read: posts, edits and ephemerals (not the link lookups), and what Slack refused.
    const refused = call.ok ? '' : ` ✗ Slack answered ${call.error}`;
    if (SAID.has(call.method))
      w.say(`  ${call.method} (${where}) ← ${args.text}${price}${buttons}${refused}`);
  }
  w.shown = calls.length;
}

/** Opens someone's Home tab and prints what the app published there, block by block. */
async function showHome(w: World, userId: string): Promise<void> {
  w.say(`\n== ${userId} opens the app's Home tab`);
  const before = w.emulator.calls('views.publish').length;
  await w.driver.openHome(userId);
  const home = await w.emulator.waitFor(
    () => w.emulator.calls('views.publish').length > before && w.emulator.home(userId),
    { what: `the Home of ${userId}` },
  );
  for (const block of home.view.blocks) {
    const text = (block.text as { text?: string } | undefined)?.text;
    const buttons = buttonsOf([block]);
    if (text) w.say(`  ${text.replaceAll('\n', ' · ')}${buttons}`);
    else if (buttons) w.say(` ${buttons}`);
  }
  w.shown = w.emulator.calls().length;
}

async function click(w: World, userId: string, channel: string, ts: string, action: string) {
  w.say(`  ${userId} clicks ${action}`);
  const answer = await w.driver.click(userId, channel, ts, action);
  if (answer.status !== 200) throw new Error(`the app answered HTTP ${answer.status}`);
  await settle(w);
  showNew(w);
}

function showOrder(w: World, index: number): void {
  const order = w.sandbox.orders()[index];
  if (!order) throw new Error('the sandbox received no order');
  w.say(`  Create an Order body received by the Partner API sandbox:\n    ${order.rawBody}`);
}

async function run(w: World): Promise<void> {
  let posted = 0;
  const request = async (heading: string, play: RequestPlay) => {
    w.say(`\n== ${heading}`);
    w.say(`  ${REQUESTER} types ${play.command} ${play.text ?? ''}`.trimEnd());
    await playRequest(w.driver, REQUESTER, play, w.say);
    posted += 1;
    return postedApproval(w, posted);
  };

  let placed = 0;
  const approved = async (heading: string, play: RequestPlay) => {
    const message = await request(heading, play);
    await click(w, APPROVER, APPROVALS, message.ts, 'approve_request');
    showOrder(w, placed++);
  };

  const ycm = TUTORIAL_PLAYS['renew-ycm-white-label'];
  await approved('Renew YCM White Label: approved and placed', {
    ...ycm,
    choices: { ...ycm.choices, po_number: 'PO-1001' },
  });
  await approved(
    'Purchase the Appliance plan: approved and placed',
    TUTORIAL_PLAYS['purchase-p-series-appliance-plan'],
  );
  await approved('Renew a software PBX, started from its serial number: approved and placed', {
    command: '/renew',
    text: '3658B4311196A2C1',
    choices: { billing_contact: BILLING, term: 'annually:1' },
  });
  await approved('Expand a software PBX: the current plan goes as connectionPlanId', {
    command: '/purchase',
    choices: {
      product: '12',
      scenario: 'expand-pse',
      billing_contact: BILLING,
      serial_number: '3658B4311196A2C1',
      service: '3048566011223344128',
      quantity: '10',
      term: 'annually:1',
    },
  });
  await approved('A free trial of Remote Management for a new customer: no billing contact', {
    command: '/purchase',
    text: 'fjord',
    choices: { product: '15', scenario: 'trial-remote-management' },
  });
  const turnkey = await request(
    'Renew Turnkey: refused clicks, then rejected with a reason',
    TUTORIAL_PLAYS['renew-p-series-turnkey-package'],
  );
  await showHome(w, APPROVER);
  await click(w, REQUESTER, APPROVALS, turnkey.ts, 'approve_request');
  await click(w, OTHER, APPROVALS, turnkey.ts, 'approve_request');
  await click(w, APPROVER, APPROVALS, turnkey.ts, 'reject_request');
  const modal = await w.driver.waitForView(APPROVER);
  w.say(`  modal opened: "${(modal.view.title as { text?: string }).text}"`);
  const reason = 'Customer is moving to the cloud edition next month';
  modal.setValue('reason', 'reason_input', reason);
  w.say(`    Reason: typed "${reason}"`);
  await modal.submit();
  await settle(w);
  showNew(w);

  const rm = await request(
    'Renew RM Premium: nobody decides for 4 hours, so the approvers are reminded; then approved',
    TUTORIAL_PLAYS['renew-rm-premium'],
  );
  w.say('  … 4 hours pass');
  w.passTime(4 * HOUR);
  await recover(w);
  await click(w, APPROVER, APPROVALS, rm.ts, 'approve_request');
  showOrder(w, placed++);

  w.sandbox.faults.pendingOrders(true);
  await approved(
    'Purchase RM Premium: Yeastar answers pending; once paid in the Partner Portal it is Completed',
    TUTORIAL_PLAYS['purchase-remote-management-premium'],
  );
  w.sandbox.faults.pendingOrders(false);
  const pending = w.sandbox.orders()[placed - 1]?.orderNo ?? '';
  w.say(`  the partner pays order ${pending} in the Partner Portal (Orders & Billing › Orders › Pay Now)`);
  w.sandbox.settleOrder(pending);
  await recover(w);

  await showHome(w, REQUESTER);

  const orders = w.sandbox.orders().length;
  if (orders !== 7) throw new Error(`expected 7 orders at the sandbox, found ${orders}`);
  w.say(`\n== Done: ${orders} orders placed (one paid later), 1 rejected, 2 clicks refused, 1 reminder.`);
  w.say(`  #orders: ${w.emulator.messages(ORDERS).length} notifications`);
}

async function main(): Promise<void> {
  const say: Say = (line) => process.stdout.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-demo-'));
  try {
    let later = 0;
    const world = await startOfflineDesk({
      desk: { clock: () => new Date(Date.now() + later) },
      env: {
        // The requester is an approver too, so that their own-request click shows that refusal.
        APPROVER_USER_IDS: `${APPROVER},${REQUESTER}`,
        DATABASE_URL: `sqlite:${join(dir, 'orders.sqlite')}`,
      },
    });
    try {
      const { desk, sandbox, emulator } = world;
      say('Yeastar order desk demo: the app, the Partner API sandbox and an emulated Slack, all offline.');
      say(
        `App: ${desk.url}/slack/events · Partner API sandbox: ${sandbox.url} · Slack emulator: ${emulator.url}`,
      );
      await run({
        ...world,
        say,
        shown: 0,
        passTime: (ms) => {
          later += ms;
        },
      });
    } finally {
      await world.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
