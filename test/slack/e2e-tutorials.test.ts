import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { parseJson } from '../../src/yeastar/json';
import { tutorialRequestText } from '../catalog/support';
import {
  APPROVALS,
  APPROVER,
  type Harness,
  ORDERS,
  REQUESTER,
  startHarness,
  waitForThread,
} from './support/e2e-harness';

/** Each tutorial from the slash command, through the real modal and an approval, to the exact order body. */

const CASES = Object.entries(TUTORIAL_PLAYS).map(([tutorial, play]) => ({ tutorial, ...play }));

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function withoutPoNumber(text: string): unknown {
  const { poNumber: _ignored, ...rest } = parseJson(text) as Record<string, unknown>;
  return rest;
}

test.each(CASES)(
  'when a requester orders $tutorial through $command and an approver approves, then the sandbox receives the tutorial body exactly and everyone hears of it',
  async ({ tutorial, ...play }) => {
    await playRequest(h.driver, REQUESTER, play);
    const message = await h.emulator.waitFor(() => h.emulator.messages(APPROVALS)[0], { what: 'approval' });
    const [stored] = await h.desk.store.requests.listRequesterRequests(REQUESTER, 1);
    if (!stored) throw new Error('no stored request');
    await h.emulator.waitFor(() => h.emulator.messages(REQUESTER).length === 1, { what: 'confirmation DM' });

    await h.driver.click(APPROVER, APPROVALS, message.ts, 'approve_request');
    const [reply] = await waitForThread(h, { ...stored, slack: { approvalMessageTs: message.ts } });

    const [order] = h.sandbox.orders();
    expect(h.sandbox.orders()).toHaveLength(1);
    expect(withoutPoNumber(order?.rawBody ?? '{}')).toEqual(withoutPoNumber(tutorialRequestText(tutorial)));
    expect(reply?.text).toContain(`Ordered: order *${order?.orderNo}*`);
    await h.emulator.waitFor(() => h.emulator.messages(ORDERS).length === 1, { what: 'orders notice' });
    expect(h.emulator.messages(ORDERS)[0]?.text).toContain(`order *${order?.orderNo}*`);
    const dm = await h.emulator.waitFor(() => h.emulator.messages(REQUESTER)[1], { what: 'outcome DM' });
    expect(dm.text).toContain(`was approved by <@UAPPROVER> and is ordered: order *${order?.orderNo}*`);
  },
);
