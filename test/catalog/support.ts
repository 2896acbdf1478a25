import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getScenario, type Scenario } from '../../src/catalog';

/** The billing contact every tutorial orders for: 19 digits, printed wrongly by JSON.stringify. */
export const TUTORIAL_BILLING_ID = '3197218168379846218';

export function scenarioById(id: string): Scenario {
  const scenario = getScenario(id);
  if (scenario === undefined) throw new Error(`no catalog row ${id}`);
  return scenario;
}

export function tutorialRequestText(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'tutorials', `${name}.request.json`), 'utf8');
}

/** The values each tutorial collects (its "values we collect" table), as a person would submit them. */
export const TUTORIAL_CASES = [
  {
    tutorial: 'renew-ycm-white-label',
    scenarioId: 'renew-ycm-white-label',
    raw: { billingContactId: TUTORIAL_BILLING_ID, serviceId: '3341070434683027456' },
    facts: {},
  },
  {
    tutorial: 'renew-p-series-turnkey-package',
    scenarioId: 'renew-turnkey-plan',
    raw: { billingContactId: TUTORIAL_BILLING_ID, planId: '3048941892189077504', quantity: 100 },
    facts: { currentQuantity: 100 },
  },
  {
    tutorial: 'renew-rm-premium',
    scenarioId: 'renew-rm-premium',
    raw: { billingContactId: TUTORIAL_BILLING_ID, serviceId: '3375819276601303040', quantity: 10 },
    facts: { currentQuantity: 10 },
  },
  {
    tutorial: 'purchase-remote-management-premium',
    scenarioId: 'purchase-rm-premium',
    raw: { billingContactId: TUTORIAL_BILLING_ID, serviceId: '3375818821640175616', quantity: 10 },
    facts: {},
  },
  {
    tutorial: 'purchase-p-series-appliance-plan',
    scenarioId: 'purchase-appliance-plan',
    raw: {
      billingContactId: TUTORIAL_BILLING_ID,
      serialNumber: '3631E0997265',
      planId: '3048560232537899008',
      billingCycle: 'monthly',
      multiCycle: 0,
    },
    facts: {},
  },
] as const;
