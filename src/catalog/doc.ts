import { asksFor, type Billing, type Scenario } from './scenario';
import { PORTAL_ONLY, SCENARIOS } from './scenarios';

/*
 * docs/catalog.md, written from the catalog rows (`npm run docs:catalog`); a test fails when the file is
 * stale. Guide pages are under https://help.yeastar.com/en/pp-ptr/developer-guide/.
 */

const GUIDE = 'https://help.yeastar.com/en/pp-ptr/developer-guide/';

/** The guide's page for each tutorial the spec numbers T1 to T35. */
const PAGES: Record<string, string> = {
  T1: 'tutorial-purchase-linkus-cloud-service-using-api.html',
  T2: 'tutorial-switch-linkus-cloud-service-subscription-using-API.html',
  T3: 'tutorial-purchase-plan-for-p-series-appliance-edition-using-api.html',
  T4: 'tutorial-renew-subscription-plan-for-p-series-appliance-edition-using-api.html',
  T5: 'tutorial-switch-subscription-plan-for-p-series-appliance-edition-using-api.html',
  T6: 'tutorial-purchase-hotel-module-for-p-series-appliance-edition-using-api.html',
  T7: 'tutorial-purchase-hotel-pms-integration-service-for-p-series-appliance-edition-using-api.html',
  T8: 'tutorial-get-free-trial-license-for-p-series-software-edition-using-api.html',
  T9: 'tutorial-purchase-commercial-license-for-p-series-software-edition-using-api.html',
  T10: 'tutorial-renew-p-series-software-edition-using-api.html',
  T11: 'tutorial-switch-subscription-plan-for-p-series-software-edition-using-api.html',
  T12: 'tutorial-subscribe-to-service-for-p-series-software-edition-using-api.html',
  T13: 'tutorial-expand-extensions-for-p-series-software-edition-using-api.html',
  T14: 'tutorial-purchase-p-series-cloud-edition-using-api.html',
  T15: 'tutorial-renew-p-series-cloud-edition-using-api.html',
  T16: 'tutorial-switch-subscription-plan-for-p-series-cloud-edition-using-api.html',
  T17: 'tutorial-expand-extensions-or-call-recording-minutes-for-p-series-cloud-edition-using-api.html',
  T18: 'tutorial-subscribe-to-high-availability-service-for-p-series-cloud-edition-using-api.html',
  T19: 'tutorial-obtain-free-trial-for-p-series-turnkey-package-using-api.html',
  T20: 'tutorial-purchase-p-series-turnkey-package-using-api.html',
  T21: 'tutorial-expand-capacity-or-subscribe-services-for-p-series-turnkey-package-using-api.html',
  T22: 'tutorial-renew-p-series-turnkey-package-using-api.html',
  T23: 'tutorial-obtain-free-trial-for-remote-management-using-api.html',
  T24: 'tutorial-purchase-remote-management-using-api.html',
  T25: 'tutorial-purchase-additional-connections-for-remote-management-using-api.html',
  T26: 'tutorial-renew-remote-management-using-api.html',
  T27: 'tutorial-purchase-pce-white-label-using-api.html',
  T28: 'tutorial-purchase-pse-white-label-using-api.html',
  T29: 'tutorial-obtain-free-trial-for-pse-white-label-using-api.html',
  T30: 'tutorial-renew-pse-white-label-using-api.html',
  T31: 'tutorial-renew-ycm-white-label-using-api.html',
  T32: 'tutorial-purchase-remote-management-premium-using-api.html',
  T33: 'tutorial-obtain-free-trial-for-rm-premium-using-api.html',
  T34: 'tutorial-purchase-additional-connections-for-rm-premium-using-api.html',
  T35: 'tutorial-renew-rm-premium-subscription-using-api.html',
};

/** Kinds of order the guide has no tutorial for, so the app has no row for them either. */
const NOT_IN_THE_GUIDE: readonly string[] = [
  'Renew or try Linkus Cloud Service',
  'A free trial of P-Series Appliance Edition or of a Cloud PBX (PCE Instance)',
  'Switch the P-Series Turnkey Package plan',
  'Purchase or try YCM White Label',
  'Renew or try PCE White Label',
  '`switchTrial_plan` (a documented operationType with no tutorial)',
];

/** Parts of documented tutorials the rows leave out, and why. */
const LEFT_OUT: readonly string[] = [
  'T8: `assignId` (who else receives the activation email) is not asked; only the partner receives it.',
  'T9, T14, T19, T20, T24: buying a plan and a service in one order is not offered; buy the plan, then ' +
    'add the service (T12, T13, T17, T18, T21, T25).',
];

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function pageLinks(guide: readonly string[]): string {
  return guide
    .map((ref) => {
      const page = PAGES[ref];
      return page ? `[${ref}](${GUIDE}${page})` : `the \`${ref}\` tutorial's example body`;
    })
    .join(', ');
}

function termText(billing: Billing): string[] {
  if (billing.kind === 'chosen') return [];
  const parts = [
    billing.billingModel && `billingModel ${billing.billingModel}`,
    billing.billingCycle && `billingCycle ${billing.billingCycle}`,
    billing.multiCycle !== undefined && `multiCycle ${billing.multiCycle}`,
  ];
  return parts.filter((p): p is string => typeof p === 'string');
}

function askedText(scenario: Scenario): string {
  const asked = scenario.fields.map((f) =>
    f.name === 'connectionPlanId' ? 'current plan (looked up)' : f.label.toLowerCase(),
  );
  const { billing } = scenario;
  if (billing.kind === 'chosen') {
    const terms = billing.options.map((o) => o.label.toLowerCase()).join(' / ');
    asked.push(`term: ${terms}${billing.keepsCycle ? ', in the cycle held now' : ''}`);
  }
  return asked.join(', ');
}

function fixedText(scenario: Scenario): string {
  const lines = scenario.lines.map((line) =>
    [
      `${line.serviceType} line`,
      line.connectionPlan === 'planId' ? 'connectionPlanId = the plan' : undefined,
      line.connectionPlan === 'connectionPlanId' ? 'connectionPlanId = the current plan' : undefined,
    ]
      .filter(Boolean)
      .join(' with '),
  );
  return [
    `purchaseType ${scenario.purchaseType}`,
    ...termText(scenario.billing),
    ...lines,
    ...(asksFor(scenario, 'billingContactId') ? [] : ['no billingId']),
  ].join('; ');
}

function row(scenario: Scenario): string {
  return `| ${[
    `/${scenario.command}`,
    `${scenario.productId} (${scenario.productName})`,
    `\`${scenario.operationType}\``,
    scenario.label,
    askedText(scenario),
    fixedText(scenario),
    pageLinks(scenario.guide),
  ]
    .map(cell)
    .join(' | ')} |`;
}

export function catalogMarkdown(): string {
  return [
    '# Catalog',
    '',
    'Generated from `src/catalog/scenarios.ts` by `npm run docs:catalog`; a test fails when this file is stale.',
    'One row per kind of order the app places. T-numbers are those of the spec of the guide; the choices',
    'made where the guide cuts a value off are in `docs/partner-api-notes.md`.',
    '',
    '| Command | Product | operationType | What it orders | Asked | Fixed | Guide |',
    '|---|---|---|---|---|---|---|',
    ...SCENARIOS.map(row),
    '',
    '## Ordered in the Partner Portal instead',
    '',
    ...PORTAL_ONLY.map(
      (entry) =>
        `- ${entry.what} (/${entry.command}, product ${entry.productId}, ${pageLinks(entry.guide)}): ${entry.why}. The modal says so.`,
    ),
    '',
    '## Not in the guide',
    '',
    ...NOT_IN_THE_GUIDE.map((what) => `- ${what}.`),
    '',
    '## Left out of documented tutorials',
    '',
    ...LEFT_OUT.map((what) => `- ${what}`),
    '',
  ].join('\n');
}
