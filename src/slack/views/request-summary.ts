import type { KnownBlock, SectionBlock } from '@slack/types';
import { z } from 'zod';
import type { OrderRequest } from '../../orders/model';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';

/**
 * The readable summary of a request, shared by the approval message and the requester's confirmation.
 * Stored details are read through a lenient schema: a request written by an older version still renders.
 */
const text = z.string().optional().catch(undefined);
const count = z.number().optional().catch(undefined);
const detailsSchema = z.object({
  partnerId: text,
  billingContactId: text,
  planId: text,
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

/** Slack caps a section field at 2000 characters and a section at 10 fields. */
const FIELD_MAX = 2000;
const FIELDS_PER_SECTION = 10;
const SECTION_TEXT_MAX = 3000;

/** "Name (ID)" when both are known, so an approver can tell two similarly named things apart. */
function named(label: string | undefined, id: string | undefined): string | undefined {
  if (label && id && !label.includes(id)) return `${escapeMrkdwn(label)} (${id})`;
  return label ? escapeMrkdwn(label) : id;
}

function billingTerm(d: RequestDetails): string | undefined {
  if (!d.billingCycle) return undefined;
  if (d.billingCycle === 'monthly') return 'Monthly';
  const years = d.multiCycle ?? 0;
  return years > 0 ? `Annually, ${years} year${years === 1 ? '' : 's'}` : 'Annually';
}

/** The request's `poNumber` as Yeastar sees it: the requester's PO number (if any), then the reference. */
export function referenceText(request: OrderRequest): string {
  return escapeMrkdwn([readDetails(request).poNumber, request.reference].filter(Boolean).join(' / '));
}

/** The summary as label/value pairs, in reading order, leaving out what the request does not have. */
export function summaryFields(request: OrderRequest): [string, string][] {
  const d = readDetails(request);
  const l = d.labels;
  const pairs: [string, string | undefined][] = [
    ['Product', l.product ? escapeMrkdwn(l.product) : undefined],
    ['Plan', named(l.plan, d.planId)],
    ['Service', named(l.service, d.serviceId)],
    ['Customer', named(l.customer, d.partnerId) ?? 'Own account'],
    ['Billing contact', named(l.billingContact, d.billingContactId)],
    ['Serial number', d.serialNumber ? escapeMrkdwn(d.serialNumber) : undefined],
    ['Quantity', d.quantity?.toString()],
    ['Service quantity', d.serviceQuantity?.toString()],
    ['Billing', billingTerm(d)],
    ['PO number / reference', referenceText(request)],
    ['Requested by', mention(request.requesterId)],
  ];
  return pairs.filter((p): p is [string, string] => p[1] !== undefined);
}

export function summaryBlocks(request: OrderRequest): KnownBlock[] {
  const fields = summaryFields(request).map(([label, value]) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${label}*\n${value}`, FIELD_MAX),
  }));
  const sections: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    sections.push({ type: 'section', fields: fields.slice(i, i + FIELDS_PER_SECTION) });
  }
  const note = readDetails(request).note;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(requestTitle(request), 150) } },
    ...sections,
  ];
  if (note) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Note*\n${escapeMrkdwn(note)}`, SECTION_TEXT_MAX) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Request \`${request.id}\`` }],
  });
  return blocks;
}

/** A Slack date token: every reader sees the time in their own zone; the fallback is UTC. */
export function slackDate(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${at.toISOString()}>`;
}
