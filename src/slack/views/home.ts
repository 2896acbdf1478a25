import type { Button, HomeView, KnownBlock } from '@slack/types';
import { getScenario } from '../../catalog';
import type { OrderRequest } from '../../orders/model';
import type { Listing, Overview, OverviewPages } from '../../orders/overview';
import { HOME_PAGE_ACTIONS, RENEW_EXPIRING_ACTION } from '../ids';
import type { RenewExpiringValue } from '../listeners/actions/renew-expiring';
import { escapeMrkdwn, mention } from '../mrkdwn';
import { holdingName } from '../options/holdings';
import type { ExpiringHolding } from '../options/partner-lists';
import { DECISION_BLOCK_ID, decisionButtons, historyButton } from './approval-message';
import type { MessageContext } from './context';
import { context, section } from './notices';
import {
  customerName,
  idsContext,
  productName,
  requestTitle,
  sandboxBlocks,
  slackDate,
  summaryFields,
} from './request-summary';
import { outcomeLine, standing } from './status';

/** What the Home tab needs besides the overview: the message context, and the channels it points to. */
export interface HomeContext extends MessageContext {
  approvalsChannelId: string;
  ordersChannelId: string;
}

/** What expires within `withinDays`, as Yeastar's product list dates it; `dated: false` when it dates nothing. */
export interface ExpiringSoon {
  holdings: readonly ExpiringHolding[];
  dated: boolean;
  now: Date;
  withinDays: number;
}

/** How many expiring subscriptions the Home lists at most. */
const EXPIRING_SHOWN = 10;

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text } };
}

/** The request's title, linked to its approval message once Slack gave the link. */
function titleLink(request: OrderRequest): string {
  const title = escapeMrkdwn(requestTitle(request));
  const link = request.slack.approvalPermalink;
  return link ? `*<${link}|${title}>*` : `*${title}*`;
}

/** "RM Premium · for Color Ltd · reference `YOD-…`": what and whom it is for, and how to find it. */
function factsLine(request: OrderRequest): string {
  const product = productName(request);
  return [
    product && escapeMrkdwn(product),
    `for ${escapeMrkdwn(customerName(request))}`,
    `reference \`${request.reference}\``,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One of the person's requests: where it stands in the approval message's words, and what it is. */
function myRequest(request: OrderRequest, ctx: MessageContext): KnownBlock[] {
  const text = `${titleLink(request)}\n${standing(request, ctx)}\n${factsLine(request)}`;
  return [{ ...section(text), accessory: historyButton(request) }];
}

/** A request waiting for this approver: all the approval message says of it, and its two buttons. */
function waitingRequest(request: OrderRequest): KnownBlock[] {
  const fields = summaryFields(request)
    .map(([label, value]) => `*${label}* ${value}`)
    .join(' · ');
  const ids = idsContext(request);
  return [
    section(`${titleLink(request)}, requested ${slackDate(request.createdAt)}\n${fields}`),
    ...(ids ? [ids] : []),
    decisionButtons(request, `${DECISION_BLOCK_ID}::${request.id}`),
  ];
}

/** An order of the desk: what came of it and when, what it is, and who asked. */
function recentOrder(request: OrderRequest): KnownBlock[] {
  const outcome = `${outcomeLine(request) ?? ''} (${slackDate(request.updatedAt)})`;
  const who = `requested by ${mention(request.requesterId)}`;
  return [section(`${titleLink(request)}\n${outcome}\n${factsLine(request)} · ${who}`)];
}

function renewButton({ holding, owner, ownerLabel }: ExpiringHolding): Button {
  const value: RenewExpiringValue = {
    key: holding.key,
    productId: holding.productId,
    ...(owner.partnerId && { customer: { value: owner.partnerId, label: ownerLabel ?? owner.partnerId } }),
  };
  return {
    type: 'button',
    action_id: RENEW_EXPIRING_ACTION,
    text: { type: 'plain_text', text: 'Renew' },
    value: JSON.stringify(value),
  };
}

/** "YCM White Label on PBX 3658… · for Color Ltd · ⏰ expires Dec 12, 2026": what, whose, when. */
function expiringLine(entry: ExpiringHolding, now: Date): KnownBlock {
  const { holding, ownerLabel, owner } = entry;
  const what = holdingName(holding) || getScenario(holding.scenarioId)?.productName || 'Subscription';
  const where = holding.serialNumber ? ` on PBX ${holding.serialNumber}` : '';
  const whose = owner.partnerId ? escapeMrkdwn(ownerLabel ?? 'a customer') : 'our own account';
  const at = new Date(holding.expireTime ?? 0);
  const when = at <= now ? `⚠️ expired ${slackDate(at)}` : `⏰ expires ${slackDate(at)}`;
  return {
    ...section(`*${escapeMrkdwn(what)}*${where}\nfor ${whose} · ${when}`),
    accessory: renewButton(entry),
  };
}

/**
 * Subscriptions that end soon, with a Renew button each. Shown only where Yeastar's list dates what is
 * held (an assumption, see docs/partner-api-notes.md): without dates the part says nothing at all.
 */
function expiringPart(expiring: ExpiringSoon | undefined): KnownBlock[] {
  if (!expiring?.dated) return [];
  const { holdings, now, withinDays } = expiring;
  const shown = holdings.slice(0, EXPIRING_SHOWN);
  return [
    header('Expiring soon'),
    ...(shown.length === 0
      ? [section(`Nothing you or your customers hold expires in the next ${withinDays} days.`)]
      : shown.map((entry) => expiringLine(entry, now))),
    ...(holdings.length > shown.length
      ? [context(`Showing the ${shown.length} expiring first; \`/renew\` offers every renewal.`)]
      : []),
    { type: 'divider' },
  ];
}

/** What a paging button carries: which part, and where its page starts. */
export interface HomePageValue {
  part: keyof OverviewPages;
  offset: number;
}

function pageButton(actionId: string, text: string, value: HomePageValue): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: JSON.stringify(value),
  };
}

/** "Requests 16–30" with Previous and Next: the rest of a part that holds more than one page. */
function pager(name: keyof OverviewPages, listing: Listing, what: string): KnownBlock[] {
  const { offset, limit, more, requests } = listing;
  if (offset === 0 && !more) return [];
  const buttons = [
    ...(offset > 0
      ? [
          pageButton(HOME_PAGE_ACTIONS.previous, `‹ Previous ${limit}`, {
            part: name,
            offset: Math.max(0, offset - limit),
          }),
        ]
      : []),
    ...(more
      ? [
          pageButton(HOME_PAGE_ACTIONS.next, `Next ${limit} ›`, {
            part: name,
            offset: offset + requests.length,
          }),
        ]
      : []),
  ];
  return [
    context(`${what} ${offset + 1}–${offset + requests.length}`),
    { type: 'actions', block_id: `home_page::${name}`, elements: buttons },
  ];
}

/**
 * A part of the Home: its header, its requests or what to do when there are none, and where the rest
 * is: pages of it (`more.pages`), or a place to look (`more.text`).
 */
function part(
  title: string,
  listing: Listing,
  render: (request: OrderRequest) => KnownBlock[],
  empty: string,
  more: { pages: keyof OverviewPages; what: string } | { text: string },
): KnownBlock[] {
  return [
    header(title),
    ...(listing.requests.length === 0 ? [section(empty)] : listing.requests.flatMap(render)),
    ...('pages' in more ? pager(more.pages, listing, more.what) : listing.more ? [context(more.text)] : []),
  ];
}

function waitingPart(overview: Overview, ctx: HomeContext): KnownBlock[] {
  const { waiting } = overview;
  const title = 'Waiting for my approval';
  switch (waiting.kind) {
    case 'not_approver':
      return [];
    case 'unavailable':
      return [
        header(title),
        section(
          `Slack did not say who the approvers are just now (${escapeMrkdwn(waiting.detail)}), so what ` +
            'waits for your approval cannot be shown. Open this tab again in a minute; if it keeps ' +
            'happening, ask your admin to check the approver group and the app’s usergroups:read scope.',
        ),
        { type: 'divider' },
      ];
    case 'listed':
      return [
        ...part(
          title,
          waiting,
          waitingRequest,
          `Nothing waits for your approval. New requests show here and in <#${ctx.approvalsChannelId}>.`,
          { pages: 'waiting', what: 'Waiting longest first:' },
        ),
        { type: 'divider' },
      ];
  }
}

/**
 * The Home tab of one person: their requests, what waits for their decision (approvers only) and the
 * desk's latest orders, each part bounded so that the view stays within Slack's 100 blocks. `notice`,
 * when given, says on top what came of the person's last click here.
 */
export function homeView(
  overview: Overview,
  ctx: HomeContext,
  notice?: string,
  expiring?: ExpiringSoon,
): HomeView {
  const { mine, recent } = overview;
  return {
    type: 'home',
    blocks: [
      ...sandboxBlocks(ctx),
      ...(notice ? [section(notice)] : []),
      ...part(
        'My requests',
        mine,
        (request) => myRequest(request, ctx),
        'No requests yet: run `/purchase` or `/renew` in any channel to ask for an order.',
        { pages: 'mine', what: 'Your requests, newest first:' },
      ),
      { type: 'divider' },
      ...waitingPart(overview, ctx),
      ...expiringPart(expiring),
      ...part(
        'Recent orders',
        recent,
        recentOrder,
        'No orders yet: an order shows here once an approver approves a request.',
        {
          text: `Showing the ${recent.requests.length} newest; every order is announced in <#${ctx.ordersChannelId}>.`,
        },
      ),
    ],
  };
}
