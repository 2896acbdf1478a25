import type { Modal } from '../../../src/sandbox/slack';
import {
  UNAVAILABLE_TEXT,
  UNAVAILABLE_VALUE,
  UNREADABLE_TEXT,
  UNREADABLE_VALUE,
} from '../../../src/slack/options/option-list';
import type { EnteredOrderField } from '../../../src/slack/views/request-modal';
import { type RequestHarness, startRequestHarness } from '../support/harness';
import { actionIdOf, blockIdOf, chooseProduct, openRequestModal } from '../support/modal-steps';

/** A dropdown whose list lacks what it needs says who can find out why; one that failed says to try again. */

const CONTACTS = '/user/openapi/user/v1/client/billing_contact_list';

let h: RequestHarness;
beforeEach(async () => {
  h = await startRequestHarness({ deadlineMs: 200 });
});
afterEach(() => h.close());

async function applianceModal(): Promise<Modal> {
  const modal = await openRequestModal(h, '/purchase');
  await chooseProduct(modal, 11);
  return modal;
}

/** What a dropdown of the P-Series Appliance purchase modal offers for a query, as [label, value] pairs. */
async function offered(field: EnteredOrderField, query: string, modal?: Modal) {
  const opened = modal ?? (await applianceModal());
  const answer = await opened.suggest(blockIdOf(opened, field), actionIdOf(field), query);
  return (answer.options ?? []).map((o) => [o.text.text, o.value]);
}

test('when the Partner API lists billing contacts without their IDs, then the dropdown says to run npm run doctor, and the other lists still work', async () => {
  h.sandbox.faults.reshape([{ endpoint: CONTACTS, field: '[].billingContactId', change: 'drop' }]);
  const modal = await applianceModal();

  const contacts = await offered('billingContactId', '', modal);
  const customers = await offered('partnerId', 'nordlys', modal);

  expect(contacts).toEqual([[UNREADABLE_TEXT, UNREADABLE_VALUE]]);
  expect(customers).toEqual([
    ['Nordlys Hotels AS (Jonas Berg, it@nordlyshotels.example)', '3102345678901234567'],
  ]);
});

test('when the Partner API adds fields to the billing contacts, then the dropdown lists them as before', async () => {
  h.sandbox.faults.reshape([{ endpoint: CONTACTS, field: '[].vatId', change: 'add' }]);

  expect(await offered('billingContactId', 'acme')).toEqual([
    ['Ann Lee, Acme Communications (billing@acme.example)', '3090000000000000001'],
  ]);
});

test('when the Partner API fails the billing contacts, then the dropdown says to try again, not to run the doctor', async () => {
  h.sandbox.faults.failNext(20);

  expect(await offered('billingContactId', '')).toEqual([[UNAVAILABLE_TEXT, UNAVAILABLE_VALUE]]);
});
