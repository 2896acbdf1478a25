import { buildOrderBody, validateOrderInput } from '../../src/catalog';
import { parseJson, stringifyJson } from '../../src/yeastar/json';
import { scenarioById, TUTORIAL_BILLING_ID, TUTORIAL_CASES, tutorialRequestText } from './support';

describe('the five Yeastar tutorials', () => {
  it.each(TUTORIAL_CASES)(
    'when the $tutorial values are submitted, then the body equals the tutorial example exactly',
    ({ tutorial, scenarioId, raw, facts }) => {
      const scenario = scenarioById(scenarioId);
      const result = validateOrderInput(scenario, raw, facts);
      if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);

      const text = stringifyJson(buildOrderBody(scenario, result.value));

      expect(parseJson(text)).toStrictEqual(parseJson(tutorialRequestText(tutorial)));
      expect(text).toContain(`"billingId":${TUTORIAL_BILLING_ID}`);
      expect(text).not.toContain('3197218168379846000');
    },
  );

  it('when the billing ID is parsed from the tutorial text, then it is a bigint with every digit kept', () => {
    const body = parseJson(tutorialRequestText('renew-ycm-white-label')) as { billingId: unknown };

    expect(body.billingId).toBe(BigInt(TUTORIAL_BILLING_ID));
  });
});
