import { playRequest, TUTORIAL_PLAYS } from '../../src/demo';
import { APPROVALS } from '../../src/offline-desk';
import { readDetails } from '../../src/slack/views/request-summary';
import { until } from '../support/poll';
import {
  APPROVER,
  approvalMessageOf,
  type Harness,
  harnessesClosedAfterEach,
  OTHER,
  REQUESTER,
  submitTutorial,
} from './support/e2e-harness';
import { metaOf } from './support/modal-steps';

/** Edit and resubmit: a request that ended without an order, sent again from its requester's DM. */

let h: Harness;
const harness = harnessesClosedAfterEach();

/** The requester's confirmation DM once it offers Edit and resubmit. */
function resubmittable() {
  return h.emulator.waitFor(
    () => {
      const dm = h.emulator.messages(REQUESTER)[0];
      return dm && JSON.stringify(dm.blocks).includes('resubmit_request') && dm;
    },
    { what: 'Edit and resubmit in the DM' },
  );
}

test('when a rejected request is sent again, then the modal has what it had, and the new request names the old one', async () => {
  h = await harness();
  const play = TUTORIAL_PLAYS['purchase-remote-management-premium'];
  await playRequest(h.driver, REQUESTER, {
    ...play,
    choices: { ...play.choices, po_number: 'PO-77', note: 'Again' },
  });
  const [old] = await until(() => h.desk.store.requests.listRequesterRequests(REQUESTER, 1), 'the request');
  if (!old) throw new Error('no request');
  await h.emulator.waitFor(() => h.emulator.messages(REQUESTER)[0], { what: 'the DM' });
  await h.desk.workflow.reject(old.id, APPROVER, 'Wrong quantity');
  const dm = await resubmittable();

  await h.driver.click(REQUESTER, dm.channel, dm.ts, 'resubmit_request');
  const modal = await h.driver.waitForView(REQUESTER);

  expect(metaOf(modal)).toMatchObject({
    productId: 20,
    scenarioId: 'purchase-rm-premium',
    resubmitOf: { id: old.id, reference: old.reference },
  });
  const shown = JSON.stringify(modal.blocks);
  expect(shown).toContain('"initial_value":"PO-77"');
  expect(shown).toContain('"initial_value":"Again"');
  expect(shown).toContain('"initial_value":"10"');
  expect(shown).toContain('Mia Chen');

  expect((await modal.submit()).body).toBeNull();
  const [again] = await until(async () => {
    const mine = await h.desk.store.requests.listRequesterRequests(REQUESTER, 2);
    return mine.length === 2 && mine;
  }, 'the new request');
  expect(again?.id).not.toBe(old.id);
  expect(readDetails(again ?? old).labels.resubmitOf).toBe(old.reference);
  const posted = await h.emulator.waitFor(() => h.emulator.messages(APPROVALS)[1], {
    what: 'its approval message',
  });
  expect(JSON.stringify(posted.blocks)).toContain(`*Sends again*\\n\`${old.reference}\``);
});

test('when someone else clicks Edit and resubmit, then no modal opens and they are told why', async () => {
  h = await harness();
  const old = await submitTutorial(h, 'renew-rm-premium');
  await h.desk.workflow.reject(old.id, APPROVER, 'Not now');
  const offered = await resubmittable();
  await h.driver.click(OTHER, offered.channel, offered.ts, 'resubmit_request');

  const [told] = await h.emulator.waitFor(
    () => h.emulator.ephemerals(OTHER).length > 0 && h.emulator.ephemerals(OTHER),
    { what: 'the refusal' },
  );
  expect(told?.text).toBe('Only the requester can send this request again; nothing was changed.');
  expect(h.emulator.openViews(OTHER)).toHaveLength(0);
  expect(approvalMessageOf(h, old).text).toMatch(/Rejected/);
});
