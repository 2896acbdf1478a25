import type { Billing, Command, FieldSpec, Scenario } from './scenario';

/*
 * The catalog: one row per Yeastar tutorial scenario the app supports. Adding a scenario means adding a
 * row here (and its test), never a code path.
 */

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

const turnkeyPlan: FieldSpec = { name: 'planId', label: 'Plan', hint: 'The plan to renew' };
const turnkeyExtensions: FieldSpec = {
  name: 'quantity',
  label: 'Quantity',
  hint: 'Number of extensions: exactly the current number',
  rule: { kind: 'equalsCurrent', fact: 'currentQuantity', current: 'the current number of extensions' },
};

/** Every renewal in the tutorials, and the RM Premium purchase: one year, billed annually, no multi-cycle. */
const annualFixed: Billing = { kind: 'fixed', billingCycle: 'annually', multiCycle: 0 };

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'renew-ycm-white-label',
    command: 'renew',
    productId: 19,
    productName: 'Add-on Service',
    label: 'Renew YCM White Label',
    description: 'Renew the YCM White Label add-on service for one year.',
    operationType: 'renew_service',
    purchaseType: 'renew',
    billingModel: 'recurring',
    billing: annualFixed,
    fields: [
      subordinateCustomer,
      billingContact,
      { name: 'serviceId', label: 'Service', hint: 'The YCM White Label service to renew' },
      poNumber,
      note,
    ],
    // The tutorial's body has no quantity.
    lines: [{ serviceType: 'service' }],
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
    billingModel: 'recurring',
    billing: annualFixed,
    fields: [subordinateCustomer, billingContact, turnkeyPlan, turnkeyExtensions, poNumber, note],
    lines: [{ serviceType: 'plan', quantity: 'quantity' }],
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
    billingModel: 'recurring',
    billing: annualFixed,
    fields: [
      subordinateCustomer,
      billingContact,
      turnkeyPlan,
      turnkeyExtensions,
      { name: 'serviceId', label: 'Service', hint: 'The service renewed with the plan' },
      {
        name: 'serviceQuantity',
        label: 'Service quantity',
        hint: 'Must be exactly the current quantity of the service',
        rule: {
          kind: 'equalsCurrent',
          fact: 'currentServiceQuantity',
          current: 'the current quantity of the service',
        },
      },
      poNumber,
      note,
    ],
    // connectionPlanId goes on the service line only. The tutorial says it is "the current subscription
    // plan", "required only when you renew both plan and service", "the same as Plan ID"; every other
    // tutorial using it (Turnkey expansion, RM connections, PSE services) puts it on a service to name the
    // plan the service hangs off. On the plan line it would only repeat the line's own serviceId. (The
    // spec's PCE example, tagged [RECON], repeats it on both lines; it is a reconstruction, not the guide.)
    lines: [
      { serviceType: 'plan', quantity: 'quantity' },
      { serviceType: 'service', quantity: 'serviceQuantity', connectionPlan: true },
    ],
  },
  {
    // The guide's page fixes operationType at trial_service and names RM Premium product 20 elsewhere;
    // this row follows the renewal tutorial's example body (renew_service, product 21), which the spec
    // says wins over the parameter tables.
    id: 'renew-rm-premium',
    command: 'renew',
    productId: 21,
    productName: 'RM Premium',
    label: 'Renew RM Premium',
    description: 'Renew RM Premium for one year, for the current number of connections.',
    operationType: 'renew_service',
    purchaseType: 'renew',
    billingModel: 'recurring',
    billing: annualFixed,
    fields: [
      subordinateCustomer,
      billingContact,
      { name: 'serviceId', label: 'Service', hint: 'The RM Premium service to renew' },
      {
        name: 'quantity',
        label: 'Quantity',
        hint: 'Number of remote management connections: exactly the current number',
        rule: {
          kind: 'equalsCurrent',
          fact: 'currentQuantity',
          current: 'the current number of remote management connections',
        },
      },
      poNumber,
      note,
    ],
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
  },
  {
    id: 'purchase-rm-premium',
    command: 'purchase',
    productId: 20,
    productName: 'Remote Management Premium',
    label: 'Purchase Remote Management Premium',
    description: 'Subscribe to Remote Management Premium connections for one year.',
    operationType: 'purchase_service',
    purchaseType: 'purchase',
    billingModel: 'recurring',
    billing: annualFixed,
    fields: [
      subordinateCustomer,
      billingContact,
      { name: 'serviceId', label: 'Service', hint: 'The Remote Management Premium service' },
      {
        name: 'quantity',
        label: 'Quantity',
        hint: 'Number of remote management connections (1 to 10000)',
        rule: { kind: 'range', min: 1, max: 10_000 },
      },
      poNumber,
      note,
    ],
    lines: [{ serviceType: 'service', quantity: 'quantity' }],
  },
  {
    id: 'purchase-appliance-plan',
    command: 'purchase',
    productId: 11,
    productName: 'P-Series Plan for Appliance Edition',
    label: 'Purchase a plan for P-Series Appliance Edition',
    description: 'Subscribe a P-Series appliance PBX to a plan, monthly or for 1 to 5 years.',
    operationType: 'purchase_plan',
    purchaseType: 'purchase',
    billingModel: 'recurring',
    billing: {
      kind: 'chosen',
      cycleLabel: 'Billing cycle',
      termLabel: 'Term',
      options: [
        {
          billingCycle: 'monthly',
          label: 'Monthly',
          terms: [0],
          termRule: 'A monthly plan runs month by month, with no term in years',
        },
        {
          billingCycle: 'annually',
          label: 'Annually',
          terms: [1, 2, 3, 4, 5],
          termRule: 'Choose 1 to 5 years for an annual plan',
        },
      ],
    },
    fields: [
      subordinateCustomer,
      billingContact,
      {
        name: 'serialNumber',
        label: 'PBX serial number',
        hint: 'Shown under Information on the PBX web portal',
      },
      { name: 'planId', label: 'Plan', hint: 'Standard, Enterprise or Ultimate' },
      poNumber,
      note,
    ],
    lines: [{ serviceType: 'plan' }],
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
