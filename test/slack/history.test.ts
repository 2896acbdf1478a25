import { APPROVALS } from '../../src/offline-desk';
import type { Block } from '../../src/sandbox/slack';
import {
  APPROVER,
  approvalMessageOf,
  approveAndWaitPlaced,
  type Harness,
  harnessesClosedAfterEach,
  REQUESTER,
  submitTutorial,
} from './support/e2e-harness';

/** The History button: every step of a request, in a modal, from the approval message or the Home tab. */

let h: Harness;
const harness = harnessesClosedAfterEach();

/** The text of every block of a modal, in order. */
function textsOf(blocks: readonly Block[]): string[] {
  return blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '').filter(Boolean);
}

test('when History is clicked on a placed order, then a modal shows each step: who, when, from which state to which', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  await approveAndWaitPlaced(h, request);
  const message = approvalMessageOf(h, request);

  expect((await h.driver.click(REQUESTER, APPROVALS, message.ts, 'request_history')).status).toBe(200);
  const modal = await h.driver.waitForView(REQUESTER);

  expect(modal.view.title).toMatchObject({ text: 'Request history' });
  const steps = textsOf(modal.blocks);
  expect(steps[0]).toContain(`reference \`${request.reference}\` · now ordered`);
  expect(steps.slice(1).map((s) => s.replace(/^\*<!date[^*]*\*/, 'WHEN'))).toEqual([
    'WHEN · <@UREQUESTER> asked for approval',
    'WHEN · <@UAPPROVER> approved (waiting for approval → approved)',
    'WHEN · the app sent the order to Yeastar (approved → placing the order)',
    'WHEN · the app recorded the order Yeastar confirmed (placing the order → ordered)',
  ]);
});

test('when a click is refused, then the history shows it, with why, and that nothing changed', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  const message = approvalMessageOf(h, request);
  await h.driver.click(REQUESTER, APPROVALS, message.ts, 'approve_request');
  await h.emulator.waitFor(() => h.emulator.ephemerals(REQUESTER).length > 0, { what: 'the refusal' });

  await h.driver.click(APPROVER, APPROVALS, message.ts, 'request_history');
  const modal = await h.driver.waitForView(APPROVER);

  const at = modal.blocks.findIndex((b) => JSON.stringify(b).includes('refused, nothing changed'));
  expect(JSON.stringify(modal.blocks[at])).toContain('<@UREQUESTER> approved — refused, nothing changed');
  // Why, in the context line under it.
  expect(modal.blocks[at + 1]).toMatchObject({
    type: 'context',
    elements: [{ text: 'Because they are not an approver.' }],
  });
});

test('when History is clicked on the Home tab, then the same modal opens', async () => {
  h = await harness();
  const request = await submitTutorial(h, 'renew-ycm-white-label');
  await h.driver.openHome(REQUESTER);
  await h.emulator.waitFor(() => h.emulator.home(REQUESTER), { what: 'the Home tab' });

  await h.driver.clickHome(REQUESTER, 'request_history', { value: request.id });
  const modal = await h.driver.waitForView(REQUESTER);

  expect(textsOf(modal.blocks)[0]).toContain('now waiting for approval');
});
