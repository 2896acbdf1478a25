import type { Billing, Command, CycleOption, FieldSpec, PortalOnly, Scenario } from './scenario';

/*
 * The catalog: one row per scenario of the Yeastar guide the app orders. Adding a scenario means adding a
 * row here (and its line in the tests' table), never a code path. `guide` names the tutorials behind a
 * row: T-numbers as ../shared/spec/guide-tutorials.md numbers them, or a full tutorial's file.
 *
 * Values the guide shows as fixed are fixed. Where a page cuts a value off, the row asks the person and
 * offers only what the documented enums and rules allow (billingModel recurring|once, billingCycle
 * monthly|annually|once, monthly => multiCycle 0, annually => 1 to 5, a one-time payment is billed once);
 * docs/partner-api-notes.md lists each such choice. A billing field the page shows no row for is left out
 * of the body.
 */

// ---- fields --------------------------------------------------------------------------------------------

/** Absent: the order is for the reseller's own account (the modal offers it as the list's first entry). */
const subordinateCustomer: FieldSpec = {
  name: 'partnerId',
  label: 'Customer',
  hint: 'Who the order is for: your own account or a subordinate customer',
  optional: true,
};
const billingContact: FieldSpec = {
  name: 'billingContactId',
  label: 'Billing contact',
  hint: 'Receives the invoice',
};
const poNumber: FieldSpec = {
  name: 'poNumber',
  label: 'PO number',
  hint: 'Your purchase-order number, if you have one',
  optional: true,
};
const note: FieldSpec = { name: 'note', label: 'Note for the approver', optional: true };
const pbx: FieldSpec = {
  name: 'serialNumber',
  label: 'PBX serial number',
  hint: 'Shown under Information on the PBX web portal; search by serial number or comment',
};
const currentPlan: FieldSpec = {
  name: 'connectionPlanId',
  label: 'Current plan',
  hint: 'The plan the PBX or account has now, which this is added to',
};
const plan = (hint: string): FieldSpec => ({ name: 'planId', label: 'Plan', hint });
const service = (hint: string): FieldSpec => ({ name: 'serviceId', label: 'Service', hint });

/** A count that must be exactly what is held now (the API refuses any other). */
function keptCount(what: string): FieldSpec {
  return {
    name: 'quantity',
    label: 'Quantity',
    hint: `Number of ${what}: exactly the current number`,
    rule: { kind: 'equalsCurrent', fact: 'currentQuantity', current: `the current number of ${what}` },
  };
}
/** The count of a service renewed with its plan; the modal names it after the service. */
const keptServiceCount: FieldSpec = {
  name: 'serviceQuantity',
  label: 'Service quantity',
  hint: 'Must be exactly the current quantity of the service',
  rule: {
    kind: 'equalsCurrent',
    fact: 'currentServiceQuantity',
    current: 'the current quantity of the service',
  },
};
/** A count bought: the guide gives no limit, so this only keeps typing slips out. */
function boughtCount(what: string, optional = false): FieldSpec {
  return {
    name: 'quantity',
    label: 'Quantity',
    hint: `Number of ${what}`,
    rule: { kind: 'range', min: 1, max: 10_000 },
    ...(optional ? { optional: true } : {}),
  };
}

/** Who, who pays, what; then PO and note. Trials name no billing contact (their pages list no billingId). */
const ordered = (...middle: FieldSpec[]): FieldSpec[] => [
  subordinateCustomer,
  billingContact,
  ...middle,
  poNumber,
  note,
];
const tried = (...middle: FieldSpec[]): FieldSpec[] => [subordinateCustomer, ...middle, poNumber, note];

// ---- billing -------------------------------------------------------------------------------------------

const MONTHLY: CycleOption = {
  billingModel: 'recurring',
  billingCycle: 'monthly',
  label: 'Monthly',
  terms: [0],
  termRule: 'A monthly plan runs month by month, with no term in years',
};
const ANNUALLY: CycleOption = {
  billingModel: 'recurring',
  billingCycle: 'annually',
  label: 'Annually',
  terms: [1, 2, 3, 4, 5],
  termRule: 'Choose 1 to 5 years for an annual plan',
};
const ONCE: CycleOption = {
  billingModel: 'once',
  billingCycle: 'once',
  label: 'One-time payment',
  terms: [0],
  termRule: 'A one-time payment has no term',
};
const chosen = (options: CycleOption[], keepsCycle = false): Billing => ({
  kind: 'chosen',
  cycleLabel: 'Billing cycle',
  termLabel: 'Term',
  options,
  ...(keepsCycle ? { keepsCycle } : {}),
});

/** The tutorials' renewals and the RM Premium purchase: one year, billed annually, no multi-cycle. */
const annualFixed: Billing = {
  kind: 'fixed',
  billingModel: 'recurring',
  billingCycle: 'annually',
  multiCycle: 0,
};
/** Recurring, billing cycle and term cut off: monthly, or annually for 1 to 5 years. */
const monthlyOrYears = chosen([MONTHLY, ANNUALLY]);
/** Recurring, annually, the term cut off or "1, 2, 3, 4, 5". */
const years = chosen([ANNUALLY]);
/** Billing model, cycle and term all cut off: any the enums allow. */
const anyTerm = chosen([ONCE, MONTHLY, ANNUALLY]);
/** A renewal keeps its billing cycle; a one-time purchase has nothing to renew, so the model is recurring. */
const renewedTerm = chosen([MONTHLY, ANNUALLY], true);
/** The trial pages show multiCycle 0 and no billing model or cycle. */
const trialTerm: Billing = { kind: 'fixed', multiCycle: 0 };

// ---- rows ----------------------------------------------------------------------------------------------

const RENEWALS: Scenario[] = [
  {
    id: 'renew-ycm-white-label',
    command: 'renew',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Renew YCM White Label',
    description: 'Renew the YCM White Label add-on service for one year.',
    operationType: 'renew_service',
    purchaseType: 'renew',
    billing: annualFixed,
    fields: ordered(service('The YCM White Label service to renew')),
    // The tutorial's body has no quantity.
    lines: [{ serviceType: 'service' }],
    services: /ycm/i,
    guide: ['renew-ycm-white-label', 'T31'],
  },
  {
    id: 'renew-pse-white-label',
    command: 'renew',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Renew PSE White Label',
    description: 'Renew the PSE White Label add-on service.',
    operationType: 'renew_service',
    purchaseType: 'renew',
    // The page is cut after purchaseType.
    billing: renewedTerm,
    fields: ordered(service('The PSE White Label service to renew')),
    lines: [{ serviceType: 'service' }],
    services: /pse/i,
    guide: ['T30'],
  },
  {
    id: 'renew-turnkey-plan',
    command: 'renew',
    productId: 14,
    productName: 'P-Series Turnkey Package',
    label: 'Renew P-Series Turnkey Package (plan)',
    description: 'Renew the Turnkey Package plan for one year, for the current number of extensions.',
    operationType: 'renew_plan',
    purchaseType: 'renew',
    billing: annualFixed,
    fields: ordered(plan('The plan to renew'), keptCount('extensions')),
    lines: [{ serviceType: 'plan', quantity: 'quantity' }],
    guide: ['renew-p-series-turnkey-package', 'T22'],
  },
  {
    id: 'renew-turnkey-plan-and-service',
    command: 'renew',
    productId: 14,
    productName: 'P-Series Turnkey Package',
    label: 'Renew P-Series Turnkey Package (plan and service)',
    description: 'Renew the Turnkey Package plan together with one of its services, for one year.',
    operationType: 'renew_plan',
    purchaseType: 'renew',
    billing: annualFixed,
    fields: ordered(
      plan('The plan to renew'),
      keptCount('extensions'),
      service('The service renewed with the plan'),
      keptServiceCount,
    ),
    // connectionPlanId goes on the service line only. The tutorial says it is "the current subscription
    // plan", "required only when you renew both plan and service", "the same as Plan ID"; every other
    // tutorial using it (Turnkey expansion, RM connections, PSE services) puts it on a service to name the
    // plan the service hangs off. On the plan line it would only repeat the line's own serviceId. (The
    // spec's PCE example, tagged [RECON], repeats it on both lines; it is a reconstruction, not the guide.)
    lines: [
      { serviceType: 'plan', quantity: 'quantity' },
      { serviceType: 'service', quantity: 'serviceQuantity', connectionPlan: 'planId' },
    ],
    guide: ['renew-p-series-turnkey-package', 'T22'],
  },
  {
    // T35 fixes operationType at trial_service and names RM Premium product 21; T32 names product 20.
    // This row follows the renewal tutorial's example body (renew_service, product 21), which the spec
    // says wins over the parameter tables.
    id: 'renew-rm-premium',
    command: 'renew',
    productId: 21,
    productName: 'RM Premium',
    label: 'Renew RM Premium',
    description: 'Renew RM Premium for one year, for the current number of connections.',
    operationType: 'renew_service',
    purchaseType: 'renew',
    billing: annualFixed,
    fields: ordered(service('The RM Premium service to renew'), keptCount('remote management connections')),
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
    guide: ['renew-rm-premium', 'T35'],
  },
  {
    id: 'renew-remote-management',
    command: 'renew',
    productId: 15,
    productName: 'Remote Management',
    label: 'Renew Remote Management',
    description: 'Renew the Remote Management plan for one year.',
    operationType: 'renew_plan',
    purchaseType: 'renew',
    // "fixed at 1", unlike the other renewals' 0.
    billing: { kind: 'fixed', billingModel: 'recurring', billingCycle: 'annually', multiCycle: 1 },
    fields: ordered(plan('The Remote Management plan to renew')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T26'],
  },
  {
    id: 'renew-appliance-plan',
    command: 'renew',
    productId: 11,
    productName: 'P-Series Plan for Appliance Edition',
    label: 'Renew a P-Series Appliance plan',
    description: 'Renew the plan of a P-Series appliance PBX, in its current billing cycle.',
    operationType: 'renew_plan',
    purchaseType: 'renew',
    // "For plan renewal, you can NOT change the billing cycle"; the term is cut off.
    billing: chosen([MONTHLY, ANNUALLY], true),
    fields: ordered(pbx, plan('The plan to renew')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T4'],
  },
  ...(['12', '13'] as const).flatMap((product): Scenario[] => {
    const pse = product === '12';
    const base = {
      command: 'renew' as const,
      productId: Number(product),
      productName: pse ? 'Software PBX (PSE Self-hosted)' : 'Cloud PBX (PCE Instance)',
      operationType: 'renew_plan' as const,
      purchaseType: 'renew' as const,
      // The billing model, cycle and term are cut off; the cycle may not change (see renewedTerm).
      billing: renewedTerm,
      guide: [pse ? 'T10' : 'T15'],
    };
    const kind = pse ? 'Software Edition' : 'Cloud PBX';
    return [
      {
        ...base,
        id: `renew-${pse ? 'pse' : 'pce'}-plan`,
        label: `Renew a P-Series ${kind} plan`,
        description: `Renew the plan of a P-Series ${kind}, for the current number of extensions.`,
        fields: ordered(pbx, plan('The plan to renew'), keptCount('extensions')),
        lines: [{ serviceType: 'plan', quantity: 'quantity' }],
        // "If the desired PBX has been subscribed to both plan and service, you will need to renew both."
        withHeldServices: true,
      },
      {
        ...base,
        id: `renew-${pse ? 'pse' : 'pce'}-plan-and-service`,
        label: `Renew a P-Series ${kind} plan and service`,
        description: `Renew the plan of a P-Series ${kind} together with a service it has.`,
        fields: ordered(
          pbx,
          plan('The plan to renew'),
          keptCount('extensions'),
          service('The service renewed with the plan'),
          // Hot Standby or Disaster Recovery has no count: the line then carries none.
          { ...keptServiceCount, optional: true },
        ),
        lines: [
          { serviceType: 'plan', quantity: 'quantity' },
          { serviceType: 'service', quantity: 'serviceQuantity', connectionPlan: 'planId' },
        ],
      },
    ];
  }),
];

const LINKUS_PRO =
  'Linkus Cloud Service Pro needs S-Series VoIP PBX firmware 30.15.0.100, 65.16.0.8, 78.16.0.8 or later';

const PURCHASES: Scenario[] = [
  // ---- Linkus Cloud Service (9) ----
  {
    id: 'purchase-linkus',
    command: 'purchase',
    productId: 9,
    productName: 'Linkus Cloud Service',
    label: 'Subscribe a PBX to Linkus Cloud Service',
    description: 'Subscribe an S-Series PBX to Linkus Cloud Service, billed annually for 1 to 5 years.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    billing: years,
    fields: ordered(pbx, plan(LINKUS_PRO)),
    lines: [{ serviceType: 'plan' }],
    guide: ['T1'],
  },
  {
    id: 'switch-linkus',
    command: 'purchase',
    productId: 9,
    productName: 'Linkus Cloud Service',
    label: 'Switch the Linkus Cloud Service plan',
    description:
      'Switch a PBX between Linkus Cloud Service and Pro. Switching to Pro keeps the interval of recurring billing.',
    operationType: 'switch_plan',
    purchaseType: 'switch',
    billing: chosen([ANNUALLY], true),
    fields: ordered(pbx, plan(`The plan to switch to. ${LINKUS_PRO}`)),
    lines: [{ serviceType: 'plan' }],
    guide: ['T2'],
  },
  // ---- P-Series Appliance Edition (11) ----
  {
    id: 'purchase-appliance-plan',
    command: 'purchase',
    productId: 11,
    productName: 'P-Series Plan for Appliance Edition',
    label: 'Purchase a plan for P-Series Appliance Edition',
    description: 'Subscribe a P-Series appliance PBX to a plan, monthly or for 1 to 5 years.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    billing: monthlyOrYears,
    fields: ordered(pbx, plan('Standard, Enterprise or Ultimate')),
    lines: [{ serviceType: 'plan' }],
    guide: ['purchase-p-series-appliance-plan', 'T3'],
  },
  {
    id: 'switch-appliance-plan',
    command: 'purchase',
    productId: 11,
    productName: 'P-Series Plan for Appliance Edition',
    label: 'Switch the plan of a P-Series appliance',
    description: 'Switch a P-Series appliance PBX to another plan, monthly or for 1 to 5 years.',
    operationType: 'switch_plan',
    purchaseType: 'switch',
    billing: monthlyOrYears,
    fields: ordered(pbx, plan('The plan to switch to')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T5'],
  },
  {
    // T6 (Hotel Module) and T7 (Hotel PMS Integration) differ only in the service.
    id: 'purchase-appliance-service',
    command: 'purchase',
    productId: 11,
    productName: 'P-Series Plan for Appliance Edition',
    label: 'Add Hotel Module or Hotel PMS Integration to an appliance',
    description: 'Buy a hotel service for a P-Series appliance PBX, paid once.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    billing: { kind: 'fixed', billingModel: 'once', billingCycle: 'once', multiCycle: 0 },
    fields: ordered(pbx, service('Hotel Module or Hotel PMS Integration')),
    lines: [{ serviceType: 'service' }],
    services: /hotel/i,
    guide: ['T6', 'T7'],
  },
  // ---- P-Series Software Edition (12) ----
  {
    // T8's multiCycle row lost its value; every trial page that shows it fixes it at 0.
    id: 'trial-pse',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'Free trial licence for P-Series Software Edition',
    description:
      'Get a free trial licence. It activates online only: the PBX must reach the Internet. Only you receive the activation email.',
    operationType: 'trial_plan',
    purchaseType: 'trial',
    billing: trialTerm,
    fields: tried(plan('The plan to try')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T8'],
  },
  {
    id: 'purchase-pse-licence',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'New commercial licence for P-Series Software Edition',
    description: 'Buy a commercial licence for a new software PBX, for a number of extensions.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    // Billing cycle and term are cut off.
    billing: monthlyOrYears,
    fields: ordered(plan('Enterprise or Ultimate'), boughtCount('extensions')),
    lines: [{ serviceType: 'plan', quantity: 'quantity' }],
    guide: ['T9'],
  },
  {
    id: 'purchase-pse-licence-for-pbx',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'Commercial licence for an existing software PBX',
    description: 'Buy a commercial licence for a software PBX you have (a trial, for example).',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    billing: monthlyOrYears,
    fields: ordered(pbx, plan('Enterprise or Ultimate'), boughtCount('extensions')),
    lines: [{ serviceType: 'plan', quantity: 'quantity' }],
    guide: ['T9'],
  },
  {
    id: 'switch-pse-plan',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'Switch the plan of a software PBX',
    description:
      'Switch a software PBX to another plan, billed annually. From Enterprise to Ultimate the billing interval stays.',
    operationType: 'switch_plan',
    purchaseType: 'switch',
    billing: chosen([ANNUALLY], true),
    fields: ordered(pbx, plan('The plan to switch to')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T11'],
  },
  {
    id: 'pse-add-service',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'Add a service to a software PBX',
    description:
      'Subscribe a software PBX to Hot Standby, Disaster Recovery, Hotel PMS Integration and more.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // "fixed at annually" (older copy); the term is cut off.
    billing: years,
    fields: ordered(
      pbx,
      currentPlan,
      service('Disaster Recovery needs the Ultimate Plan'),
      boughtCount('units, for services sold by quantity (outbound call center, AI transcription…)', true),
    ),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    services: /^(?!.*expansion)/i,
    servicePlan: {
      service: /disaster recovery/i,
      plan: /ultimate/i,
      rule: 'Disaster Recovery is only supported on the Ultimate Plan',
    },
    guide: ['T12'],
  },
  {
    id: 'expand-pse',
    command: 'purchase',
    productId: 12,
    productName: 'Software PBX (PSE Self-hosted)',
    label: 'Expand extensions or concurrent calls of a software PBX',
    description: 'Add extensions or concurrent calls to a software PBX.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // Billing cycle and term are cut off.
    billing: monthlyOrYears,
    fields: ordered(
      pbx,
      currentPlan,
      service('Extension or concurrent call expansion'),
      boughtCount('extensions or concurrent calls to add'),
    ),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    services: /expansion/i,
    guide: ['T13'],
  },
  // ---- P-Series Cloud Edition (13) ----
  {
    id: 'switch-pce-plan',
    command: 'purchase',
    productId: 13,
    productName: 'Cloud PBX (PCE Instance)',
    label: 'Switch the plan of a Cloud PBX',
    description: 'Switch a Cloud PBX to another plan. To a higher plan, the billing cycle stays.',
    operationType: 'switch_plan',
    purchaseType: 'switch',
    // "fixed at annually or monthly" and kept on a switch up; the term is not shown.
    billing: chosen([MONTHLY, ANNUALLY], true),
    fields: ordered(pbx, plan('The plan to switch to')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T16'],
  },
  {
    id: 'expand-pce-extensions',
    command: 'purchase',
    productId: 13,
    productName: 'Cloud PBX (PCE Instance)',
    label: 'Add extensions to a Cloud PBX',
    description: 'Add extensions to a Cloud PBX. A Cloud PBX has at most 500 extensions.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // The page is cut after purchaseType.
    billing: anyTerm,
    fields: ordered(pbx, currentPlan, service('Extension Expansion'), {
      name: 'quantity',
      label: 'Quantity',
      hint: 'Number of extensions to add',
      rule: { kind: 'totalUpTo', fact: 'currentQuantity', max: 500, what: 'extensions on a Cloud PBX' },
    }),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    services: /extension/i,
    guide: ['T17'],
  },
  {
    id: 'expand-pce-recording',
    command: 'purchase',
    productId: 13,
    productName: 'Cloud PBX (PCE Instance)',
    label: 'Add call recording minutes to a Cloud PBX',
    description: 'Add call recording minutes to a Cloud PBX.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    billing: anyTerm,
    fields: ordered(pbx, currentPlan, service('Recording Minutes'), boughtCount('recording minutes')),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    services: /recording/i,
    guide: ['T17'],
  },
  {
    id: 'pce-high-availability',
    command: 'purchase',
    productId: 13,
    productName: 'Cloud PBX (PCE Instance)',
    label: 'Subscribe a Cloud PBX to High Availability',
    description:
      'High Availability is charged by extension: the quantity is the current number of extensions.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // Recurring; the rows after it are cut off.
    billing: monthlyOrYears,
    fields: ordered(pbx, currentPlan, service('High Availability'), keptCount('extensions')),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    services: /high availability/i,
    guide: ['T18'],
  },
  // ---- P-Series Turnkey Package (14) ----
  {
    id: 'trial-turnkey',
    command: 'purchase',
    productId: 14,
    productName: 'P-Series Turnkey Package',
    label: 'Free trial of the P-Series Turnkey Package',
    description: 'Try the Turnkey Package plan for free.',
    operationType: 'trial_plan',
    purchaseType: 'trial',
    billing: trialTerm,
    fields: tried(plan('The plan to try')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T19'],
  },
  {
    id: 'purchase-turnkey',
    command: 'purchase',
    productId: 14,
    productName: 'P-Series Turnkey Package',
    label: 'Subscribe to the P-Series Turnkey Package',
    description: 'Subscribe to the Turnkey Package plan for a number of extensions.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    // "In this scenario, the value is fixed" is cut before the value: ask.
    billing: monthlyOrYears,
    fields: ordered(plan('The Turnkey Package plan'), boughtCount('extensions')),
    lines: [{ serviceType: 'plan', quantity: 'quantity' }],
    guide: ['T20'],
  },
  {
    id: 'expand-turnkey',
    command: 'purchase',
    productId: 14,
    productName: 'P-Series Turnkey Package',
    label: 'Expand capacity or add a service to the Turnkey Package',
    description: 'Add extensions, Ultimate Plan extensions, call recording or transcription minutes.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // The page is cut after purchaseType.
    billing: anyTerm,
    fields: ordered(currentPlan, service('What to add'), boughtCount('extensions or minutes to add')),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    guide: ['T21'],
  },
  // ---- Remote Management (15) ----
  {
    id: 'trial-remote-management',
    command: 'purchase',
    productId: 15,
    productName: 'Remote Management',
    label: 'Free trial of Remote Management',
    description: 'Try Remote Management for free.',
    operationType: 'trial_plan',
    purchaseType: 'trial',
    billing: trialTerm,
    fields: tried(plan('The Remote Management plan to try')),
    lines: [{ serviceType: 'plan' }],
    guide: ['T23'],
  },
  {
    // T24 asks connectionPlanId ("the specific plan to which you want to subscribe", not optional) on a
    // plan purchase; it is sent on the plan line, equal to the plan.
    id: 'purchase-remote-management',
    command: 'purchase',
    productId: 15,
    productName: 'Remote Management',
    label: 'Subscribe to Remote Management',
    description: 'Subscribe to a Remote Management plan for a number of connections.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    // Recurring; the billing cycle is cut off and the term not shown.
    billing: monthlyOrYears,
    fields: ordered(plan('The Remote Management plan'), boughtCount('remote management connections')),
    lines: [{ serviceType: 'plan', quantity: 'quantity', connectionPlan: 'planId' }],
    guide: ['T24'],
  },
  {
    id: 'expand-remote-management',
    command: 'purchase',
    productId: 15,
    productName: 'Remote Management',
    label: 'Buy additional Remote Management connections',
    description: 'Add connections to the Remote Management plan, paid once.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // Billed once with multiCycle 0; the page has no billingModel row.
    billing: { kind: 'fixed', billingCycle: 'once', multiCycle: 0 },
    fields: ordered(currentPlan, service('Additional connections'), boughtCount('connections to add')),
    lines: [{ serviceType: 'service', quantity: 'quantity', connectionPlan: 'connectionPlanId' }],
    guide: ['T25'],
  },
  // ---- Add-on Service (19) ----
  {
    id: 'purchase-pce-white-label',
    command: 'purchase',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Purchase PCE White Label',
    description: 'Buy the PCE White Label add-on service.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // The page is cut after purchaseType.
    billing: anyTerm,
    fields: ordered(service('The PCE White Label service')),
    lines: [{ serviceType: 'service' }],
    services: /pce/i,
    guide: ['T27'],
  },
  {
    id: 'purchase-pse-white-label',
    command: 'purchase',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Purchase PSE White Label',
    description: 'Buy the PSE White Label add-on service.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    // The page is cut at the quantity ("Specify the number of…").
    billing: anyTerm,
    fields: ordered(service('The PSE White Label service'), boughtCount('PSE White Label units')),
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
    services: /pse/i,
    guide: ['T28'],
  },
  {
    // The page shows neither multiCycle nor billingId.
    id: 'trial-pse-white-label',
    command: 'purchase',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Free trial of PSE White Label',
    description: 'Try the PSE White Label add-on service for free.',
    operationType: 'trial_service',
    purchaseType: 'trial',
    billing: { kind: 'fixed' },
    fields: tried(service('The PSE White Label service')),
    lines: [{ serviceType: 'service' }],
    services: /pse/i,
    guide: ['T29'],
  },
  // ---- RM Premium (20: purchase; 21: trial, additional connections, renewal) ----
  {
    id: 'purchase-rm-premium',
    command: 'purchase',
    productId: 20,
    productName: 'Remote Management Premium',
    label: 'Purchase Remote Management Premium',
    description: 'Subscribe to Remote Management Premium connections for one year.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    billing: annualFixed,
    fields: ordered(service('The Remote Management Premium service'), {
      name: 'quantity',
      label: 'Quantity',
      hint: 'Number of remote management connections (1 to 10000)',
      rule: { kind: 'range', min: 1, max: 10_000 },
    }),
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
    guide: ['purchase-remote-management-premium', 'T32'],
  },
  {
    id: 'trial-rm-premium',
    command: 'purchase',
    productId: 21,
    productName: 'RM Premium',
    label: 'Free trial of RM Premium',
    description: 'Try RM Premium for free.',
    operationType: 'trial_service',
    purchaseType: 'trial',
    billing: trialTerm,
    fields: tried(service('The RM Premium service')),
    lines: [{ serviceType: 'service' }],
    guide: ['T33'],
  },
  {
    // The page has no connectionPlanId row.
    id: 'expand-rm-premium',
    command: 'purchase',
    productId: 21,
    productName: 'RM Premium',
    label: 'Buy additional RM Premium connections',
    description: 'Add RM Premium connections for one year.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    billing: annualFixed,
    fields: ordered(service('The RM Premium service'), boughtCount('remote management connections to add')),
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
    guide: ['T34'],
  },
];

export const SCENARIOS: readonly Scenario[] = [...RENEWALS, ...PURCHASES];

/**
 * Orders the guide documents that the modal sends to the Partner Portal instead. Scenarios the guide has
 * no tutorial for at all are listed in docs/catalog.md only.
 */
export const PORTAL_ONLY: readonly PortalOnly[] = [
  {
    command: 'purchase',
    productId: 13,
    what: 'A new Cloud PBX (PCE Instance)',
    why: 'it needs the PBX name, region and domain (orderPceSpecialRequest), which the guide does not define for the API',
    guide: ['T14'],
  },
];

export function getScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}

export function scenariosFor(command: Command): Scenario[] {
  return SCENARIOS.filter((scenario) => scenario.command === command);
}

export function scenariosForProduct(command: Command, productId: number): Scenario[] {
  return scenariosFor(command).filter((scenario) => scenario.productId === productId);
}

export function portalOnlyFor(command: Command, productId: number): PortalOnly[] {
  return PORTAL_ONLY.filter((entry) => entry.command === command && entry.productId === productId);
}
