import { buildOrderBody, type OrderField, orderInputSchema } from '../../src/catalog';
import { parseJson, stringifyJson } from '../../src/yeastar/json';
import { scenarioById, TUTORIAL_BILLING_ID, TUTORIAL_CASES, tutorialRequestText } from '../catalog/support';
import { eventually, type RequestHarness, startRequestHarness } from './support/harness';
import { chooseProduct, fill, openRequestModal, stateOf } from './support/modal-steps';

let h: RequestHarness;

beforeEach(async () => {
  h = await startRequestHarness();
});

afterEach(() => h.close());

function withoutPoNumber(body: unknown): unknown {
  const { poNumber: _reference, ...rest } = body as Record<string, unknown>;
  return rest;
}

describe('every tutorial through the request modal', () => {
  it.each(TUTORIAL_CASES)(
    'when a person fills the modal with the $tutorial values and submits, then the stored request builds the tutorial body exactly',
    async ({ tutorial, scenarioId, raw }) => {
      const scenario = scenarioById(scenarioId);
      const modal = await openRequestModal(h, `/${scenario.command}`);
      await chooseProduct(modal, scenario.productId, scenarioId);

      for (const [field, value] of Object.entries(raw) as [OrderField, string | number][]) {
        if (field === 'quantity' && scenario.command === 'renew') {
          // A renewal's quantity is pre-filled with the current count, which is the tutorial's.
          expect(stateOf(modal, field)?.value).toBe(String(value));
        } else if (!(field === 'multiCycle' && value === 0)) {
          // A monthly plan's term is left empty: the modal asks for a term only for annual plans.
          await fill(modal, field, value);
        }
      }
      const answer = await modal.submit();

      expect(answer).toEqual({ status: 200, body: null });
      expect(modal.isOpen).toBe(false);
      await eventually(() => h.submitted.length === 1, 'onSubmitted');
      const stored = await h.store.requests.get(h.submitted[0]?.id ?? '');
      expect(stored?.state).toBe('pending_approval');
      const input = orderInputSchema.parse(stored?.details);
      const text = stringifyJson(buildOrderBody(scenario, input, { reference: stored?.reference }));
      expect(withoutPoNumber(parseJson(text))).toStrictEqual(
        withoutPoNumber(parseJson(tutorialRequestText(tutorial))),
      );
      expect(text).toContain(`"billingId":${TUTORIAL_BILLING_ID}`);
    },
  );
});
