import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { z } from 'zod';
import { getScenario } from '../../catalog';
import type { OrderRequest } from '../../orders/model';
import { type Price, priceText, storedPrices } from '../../orders/price';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import type { MessageContext } from './context';
import { fixedTermLabel, termLabel } from './words';

/**
 * The readable summary of a request, shared by the approval message and the requester's confirmation:
 * names in the fields, the IDs behind them in one context line. Stored details are read through a lenient
 * schema: a request written by an older version still renders.
 */
const text = z.string().optional().catch(undefined);
const count = z.number().optional().catch(undefined);
const detailsSchema = z.object({
  partnerId: text,
  billingContactId: text,
  planId: text,
  connectionPlanId: text,
  serviceId: text,
  serialNumber: text,
  quantity: count,
  serviceQuantity: count,
  billingCycle: text,
  multiCycle: count,
  poNumber: text,
  note: text,
  labels: z
    .object({
      scenario: text,
      product: text,
      customer: text,
      billingContact: text,
      plan: text,
      currentPlan: text,
      resubmitOf: text,
      service: text,
      serialNumber: text,
    })
    .partial()
    .catch({}),
});

export type RequestDetails = z.infer<typeof detailsSchema>;

export function readDetails(request: Pick<OrderRequest, 'details'>): RequestDetails {
  const parsed = detailsSchema.safeParse(request.details);
  return parsed.success ? parsed.data : { labels: {} };
}

/** What the requester picked, by name: the scenario label, else the catalog scenario id. */
export function requestTitle(request: Pick<OrderRequest, 'details' | 'scenarioId'>): string {
  return readDetails(request).labels.scenario ?? request.scenarioId;
}

/** Who the order is for, by name. */
export function customerName(request: Pick<OrderRequest, 'details'>): string {
  const d = readDetails(request);
  // An older request may lack the label: its ID is in the IDs line, never in running text.
  return d.labels.customer ?? (d.partnerId ? 'a subordinate customer' : 'our own account');
}

/** What is ordered, by name: the product the requester chose, else the catalog row's. */
export function productName(request: Pick<OrderRequest, 'details' | 'scenarioId'>): string | undefined {
  return readDetails(request).labels.product ?? getScenario(request.scenarioId)?.productName;
}

/** Slack caps a section field at 2000 characters and a section at 10 fields. */
const FIELD_MAX = 2000;
const FIELDS_PER_SECTION = 10;
const SECTION_TEXT_MAX = 3000;

/** The term ordered: as chosen, or as the row fixes it (every renewal: one year). */
function termOf(request: OrderRequest, d: RequestDetails): string | undefined {
  if (d.billingCycle) return termLabel(d.billingCycle, d.multiCycle);
  const scenario = getScenario(request.scenarioId);
  return scenario?.billing.kind === 'fixed'
    ? fixedTermLabel(scenario.billing, scenario.purchaseType)
    : undefined;
}

/** A price as the messages show it: Yeastar's currency and amount, or that Yeastar gave none. */
function shownPrice(price: Price): string {
  return escapeMrkdwn(priceText(price));
}

/** The Price field: for the term ordered; absent on a request stored before prices were asked. */
function priceField(request: OrderRequest, d: RequestDetails): string | undefined {
  const { price } = storedPrices(request.details);
  if (!price) return undefined;
  const term = price.status === 'read' ? termOf(request, d) : undefined;
  return `${shownPrice(price)}${term ? ` (${term})` : ''}`;
}

/**
 * While a request waits for a fresh approval because the price read at an approval was not the one
 * shown: what changed, in one line.
 */
export function priceChangeText(request: OrderRequest): string | undefined {
  const { price, priceBefore, approvalWithdrawn } = storedPrices(request.details);
  if (request.state !== 'pending_approval' || !price || !priceBefore) return undefined;
  const withdrawn = approvalWithdrawn
    ? ` The first approval, by ${mention(approvalWithdrawn)}, was for the old price: two approvals are needed again.`
    : '';
  if (price.status === 'read' && priceBefore.status === 'read') {
    return `💱 The price changed from ${shownPrice(priceBefore)} to ${shownPrice(price)} since the request: approve again to order at ${shownPrice(price)}.${withdrawn}`;
  }
  if (price.status === 'read') {
    return `💱 Yeastar now gives the price ${shownPrice(price)}; at the request it gave none: approve again to order at ${shownPrice(price)}.${withdrawn}`;
  }
  return `💱 The price was ${shownPrice(priceBefore)} at the request, but Yeastar could not be asked again just now (${shownPrice(price)}): approve again to order without a confirmed price, or wait and approve again later.${withdrawn}`;
}

/** The summary as label/value pairs, in reading order, leaving out what the request does not have. */
export function summaryFields(request: OrderRequest): [string, string][] {
  const d = readDetails(request);
  const l = d.labels;
  const named = (label: string | undefined, id: string | undefined) =>
    label ? escapeMrkdwn(label) : id && 'see the IDs below';
  const pairs: [string, string | undefined][] = [
    ['Product', l.product ? escapeMrkdwn(l.product) : undefined],
    ['Current plan', named(l.currentPlan, d.connectionPlanId)],
    ['Plan', named(l.plan, d.planId)],
    ['Service', named(l.service, d.serviceId)],
    [
      'Customer',
      l.customer ? escapeMrkdwn(l.customer) : d.partnerId ? 'see the IDs below' : 'Our own account',
    ],
    ['Billing contact', named(l.billingContact, d.billingContactId)],
    ['PBX', d.serialNumber ? escapeMrkdwn(l.serialNumber ?? d.serialNumber) : undefined],
    ['Quantity', d.quantity?.toString()],
    ['Service quantity', d.serviceQuantity?.toString()],
    ['Term', termOf(request, d)],
    ['Price', priceField(request, d)],
    ['Your PO', d.poNumber ? escapeMrkdwn(d.poNumber) : undefined],
    ['Sends again', l.resubmitOf ? `\`${escapeMrkdwn(l.resubmitOf)}\`` : undefined],
    ['Reference', `\`${request.reference}\``],
    ['Requested by', mention(request.requesterId)],
  ];
  return pairs.filter((p): p is [string, string] => p[1] !== undefined);
}

/** The Yeastar IDs behind the names, for anyone who must look them up: in a context line, never a field. */
export function idsContext(request: OrderRequest): ContextBlock | undefined {
  const d = readDetails(request);
  const ids = [
    d.billingContactId && `billing contact ${d.billingContactId}`,
    d.connectionPlanId && `current plan ${d.connectionPlanId}`,
    d.planId && `plan ${d.planId}`,
    d.serviceId && `service ${d.serviceId}`,
    d.partnerId && `customer ${d.partnerId}`,
  ].filter(Boolean);
  if (ids.length === 0) return undefined;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `Yeastar IDs: ${ids.join(' · ')}` }] };
}

/** A context line that says the order goes to the built-in sandbox, on every message while it does. */
export function sandboxBlocks(ctx: Pick<MessageContext, 'sandbox'>): KnownBlock[] {
  return ctx.sandbox
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: '🧪 *Sandbox*: no real order is placed.' }] }]
    : [];
}

export function summaryBlocks(request: OrderRequest, ctx: MessageContext): KnownBlock[] {
  const fields = summaryFields(request).map(([label, value]) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${label}*\n${value}`, FIELD_MAX),
  }));
  const sections: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    sections.push({ type: 'section', fields: fields.slice(i, i + FIELDS_PER_SECTION) });
  }
  const note = readDetails(request).note;
  const ids = idsContext(request);
  return [
    { type: 'header', text: { type: 'plain_text', text: truncate(requestTitle(request), 150) } },
    ...sandboxBlocks(ctx),
    ...sections,
    ...(note
      ? [
          {
            type: 'section' as const,
            text: {
              type: 'mrkdwn' as const,
              text: truncate(`*Note*\n${escapeMrkdwn(note)}`, SECTION_TEXT_MAX),
            },
          },
        ]
      : []),
    ...(ids ? [ids] : []),
  ];
}

/** A Slack date token: every reader sees the time in their own zone; the fallback is UTC. */
export function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${at.toISOString()}>`;
}
