import { buildOrderBody, orderInputSchema } from '../../src/catalog';
import { ACCOUNT } from '../../src/sandbox/partner-api/seed';
import { holdingKey } from '../../src/slack/options/holdings';
import type { EnteredOrderField } from '../../src/slack/views/request-modal';
import { parseJson, stringifyJson } from '../../src/yeastar/json';
import { scenarioById, TUTORIAL_BILLING_ID, TUTORIAL_CASES, tutorialRequestText } from '../catalog/support';
import { eventually, type RequestHarness, startRequestHarness } from './support/harness';
import { chooseHolding, chooseProduct, fill, openRequestModal } from './support/modal-steps';

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
      const values: Record<string, string | number> = raw;
      if (scenario.command === 'renew') {
        // A renewal renews what the account holds: its plan or service and count come with the holding.
        const ids = {
          planId: values.planId as string | undefined,
          serviceId: values.serviceId as string | undefined,
        };
        await chooseHolding(modal, holdingKey(scenarioId, ids, ACCOUNT.ucId));
        await fill(modal, 'billingContactId', String(values.billingContactId));
      } else {
        await chooseProduct(modal, scenario.productId, scenarioId);
        for (const [field, value] of Object.entries(values) as [EnteredOrderField, string | number][]) {
          // Cycle and term are one choice, "monthly:0".
          if (field === 'billingCycle') continue;
          await fill(modal, field, field === 'multiCycle' ? `${values.billingCycle}:${value}` : value);
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
