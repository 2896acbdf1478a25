import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { asksFor, needsCurrentPlan, type Scenario } from '../../catalog';
import type { Logger } from '../../logger';
import { errorSummary } from '../error-summary';
import type { ListLookup } from '../options/list-cache';
import type { Choice } from '../options/option-list';
import type { PartnerLists } from '../options/partner-lists';
import {
  buildRequestModal,
  chosenScenario,
  offerFilterOf,
  ownAccountLabel,
  ownerOf,
  type RequestModalMeta,
  withCustomer,
  withHolding,
  withProduct,
  withSerial,
} from '../views/request-modal';
import { matchesAll, words } from './commands/words';

/**
 * What the app looks up for the request modal once it is open, and after each choice: the customer the
 * command text named, the PBX a serial number is and whose it is, what a `/renew` account holds, and the
 * entries that are the only ones offered. Every lookup is bounded by the lists' deadline; one that
 * fails leaves the modal as it was, for the person to choose.
 */

/** Notices add up: the text may name an unknown PBX and an unknown customer at once. */
function withNotice(meta: RequestModalMeta, notice: string): RequestModalMeta {
  const all = meta.notice ? `${meta.notice} ${notice}` : notice;
  return { ...meta, notice: all.length > 300 ? `${all.slice(0, 299)}…` : all };
}

const only = (lookup: ListLookup<Choice>): Choice | undefined =>
  lookup.status === 'ok' && lookup.items.length === 1 ? lookup.items[0] : undefined;

/** The command's words not yet placed, matched against the customer list. */
async function matchCustomer(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  const { pendingText, ...rest } = meta;
  if (!pendingText) return meta;
  const customers = await lists.customerChoices();
  if (customers.status !== 'ok') {
    return withNotice(rest, `The customer list could not be loaded, so “${pendingText}” was not looked up.`);
  }
  const query = words(pendingText);
  const matching = customers.items.filter((c) => matchesAll(words(c.label), query));
  const [customer] = matching;
  if (matching.length === 1 && customer) return withCustomer(rest, customer);
  return withNotice(
    rest,
    matching.length > 1
      ? `“${pendingText}” matches ${matching.length} customers: choose one below.`
      : `No product, customer or PBX matches “${pendingText}”.`,
  );
}

/** A serial number from the command: its label, and its owner, who the order must be for. */
async function identifyDevice(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  const serial = meta.serial;
  if (!serial || serial.label) return meta;
  const found = await lists.device(meta.command, serial.value);
  if (found.status === 'unavailable') return meta;
  if (found.status === 'unknown' || !found.items[0]) {
    const { serial: _unknown, ...rest } = meta;
    return withNotice(rest, `No PBX with serial number ${serial.value} is in your Partner Portal account.`);
  }
  const device = found.items[0];
  // /purchase with only a serial number: the PBX says which product it is.
  const product =
    meta.command === 'purchase' && meta.productId === undefined
      ? (await lists.productChoices(meta.command)).find((p) => p.value === String(device.productId))
      : undefined;
  const placed = product ? withProduct(meta, device.productId, product.label) : meta;
  let next = withSerial(placed, { value: device.serialNumber, label: device.label });
  if (device.owner.partnerId !== ownerOf(meta).partnerId) {
    const customers = await lists.customerChoices();
    const owner =
      customers.status === 'ok' ? customers.items.find((c) => c.value === device.owner.partnerId) : undefined;
    const customer = device.owner.partnerId
      ? { value: device.owner.partnerId, label: owner?.label ?? `Customer ${device.owner.partnerId}` }
      : undefined;
    // The PBX is kept: it is what the person named.
    next = { ...withCustomer(next, customer), serial: next.serial };
  }
  return next;
}

/** /renew: what the account holds; the one it can be is chosen (the product or PBX the text named). */
async function findHolding(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  if (meta.command !== 'renew' || meta.holding || meta.nothingHeld) return meta;
  const held = await lists.holdings(ownerOf(meta));
  if (held.status !== 'ok') return meta;
  const who = meta.customer?.label ?? ownAccountLabel(meta);
  if (!held.described) {
    return withNotice(
      meta,
      `Yeastar's product list does not say what ${who} holds, so the app cannot offer a renewal. Renew it in the Partner Portal.`,
    );
  }
  if (held.items.length === 0) return { ...meta, nothingHeld: true };
  const wanted = held.items.filter(
    (h) =>
      (meta.productId === undefined || h.productId === meta.productId) &&
      (meta.serial === undefined || h.serialNumber === meta.serial.value) &&
      (meta.wantedHolding === undefined || h.key === meta.wantedHolding),
  );
  const [one] = wanted;
  if (wanted.length === 1 && one) return withHolding(meta, one);
  if (wanted.length === 0)
    return withNotice(meta, `${who} holds nothing of that kind to renew: choose below.`);
  return meta;
}

/** Where a row's current plan is looked for: the PBX, or the customer's account. */
function placeOf(meta: RequestModalMeta): string {
  return meta.serial ? `PBX ${meta.serial.value}` : (meta.customer?.label ?? ownAccountLabel(meta));
}

/** Expansions, add-ons and switches: the plan the PBX or account has now, once the PBX is known. */
async function findCurrentPlan(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  const scenario = chosenScenario(meta);
  if (!scenario || !needsCurrentPlan(scenario) || meta.currentPlan) return meta;
  if (asksFor(scenario, 'serialNumber') && !meta.serial) return meta;
  const found = await lists.currentPlan(scenario.productId, ownerOf(meta), meta.serial?.value);
  if (found.status !== 'ok') return meta;
  const [plan] = found.items;
  return plan ? { ...meta, currentPlan: plan } : withNotice(meta, noCurrentPlan(scenario, placeOf(meta)));
}

/** "PBX 3658B… has no Software PBX (PSE Self-hosted) plan to add to: buy a plan for it first." */
export function noCurrentPlan(scenario: Scenario, place: string): string {
  const action = scenario.purchaseType === 'switch' ? 'switch from' : 'add to';
  return `${place} has no ${scenario.productName} plan to ${action}: buy a plan for it first.`;
}

/** Entries that are the only ones offered are chosen; a person never has to pick the one choice. */
async function pickOnlyChoices(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  const scenario = chosenScenario(meta);
  if (!scenario) return meta;
  const renewal = meta.command === 'renew';
  const wants = (field: 'billingContactId' | 'planId' | 'serviceId') => asksFor(scenario, field) && !renewal;
  const perDevice = asksFor(scenario, 'serialNumber');
  const placed = !perDevice || meta.serial !== undefined;
  // A switch's plans leave out the current one, so they wait for it.
  const plansKnown = placed && (scenario.purchaseType !== 'switch' || meta.currentPlan !== undefined);
  const offers = (kind: 'plan' | 'service') =>
    lists
      .offerChoices(kind, scenario.productId, meta.serial?.value, offerFilterOf(meta, scenario, kind))
      .then(only);
  const [contact, plan, service, device] = await Promise.all([
    asksFor(scenario, 'billingContactId') && !meta.auto?.billingContact
      ? lists.billingContactChoices().then(only)
      : undefined,
    wants('planId') && !meta.auto?.plan && plansKnown ? offers('plan') : undefined,
    wants('serviceId') && !meta.auto?.service && placed ? offers('service') : undefined,
    perDevice && !renewal && !meta.serial
      ? lists.deviceChoices(scenario.productId, ownerOf(meta)).then(only)
      : undefined,
  ]);
  let next = meta;
  if (contact || plan || service) {
    next = {
      ...next,
      auto: {
        ...next.auto,
        ...(contact ? { billingContact: contact } : {}),
        ...(plan ? { plan } : {}),
        ...(service ? { service } : {}),
      },
    };
  }
  if (device) next = withSerial(next, device);
  return next;
}

/** The modal's meta with everything the app could look up for it. */
export async function lookedUp(lists: PartnerLists, meta: RequestModalMeta): Promise<RequestModalMeta> {
  const placed = await identifyDevice(lists, await matchCustomer(lists, meta));
  const held = await findHolding(lists, placed);
  let next = await findCurrentPlan(lists, await pickOnlyChoices(lists, held));
  // A PBX chosen for the person has plans of its own, and there may be only one; so may a switch's
  // plans once the current one is known.
  if ((next.serial && !held.serial) || (next.currentPlan && !held.currentPlan)) {
    next = await pickOnlyChoices(lists, await findCurrentPlan(lists, next));
  }
  return next;
}

const openedSchema = z.object({ view: z.object({ id: z.string(), hash: z.string() }) });

/**
 * Opens the request modal at once (the trigger expires after 3 s, so nothing waits for the Partner API
 * before views.open), then shows what the lists say of its choices with a views.update.
 */
export async function openRequestModal(
  client: webApi.WebClient,
  lists: PartnerLists,
  triggerId: string,
  meta: RequestModalMeta,
  logger: Logger,
): Promise<void> {
  let opened: z.infer<typeof openedSchema>;
  try {
    opened = openedSchema.parse(
      await client.views.open({ trigger_id: triggerId, view: buildRequestModal(meta) }),
    );
  } catch (error) {
    logger.error({ command: meta.command, error: errorSummary(error) }, 'request modal not opened');
    return;
  }
  lists.warm(meta.command);
  const scenario = chosenScenario(meta);
  if (scenario) lists.warmProduct(scenario, meta.serial?.value);
  const found = await lookedUp(lists, meta);
  if (JSON.stringify(found) !== JSON.stringify(meta))
    await updateRequestModal(client, opened.view, found, logger);
}

/**
 * Re-renders the modal. `hash` makes Slack refuse an update based on an older view (the person changed
 * something meanwhile); their newer change brings its own update, so a refusal is only logged.
 */
export async function updateRequestModal(
  client: webApi.WebClient,
  view: { id: string; hash: string },
  meta: RequestModalMeta,
  logger: Logger,
): Promise<void> {
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: buildRequestModal(meta) });
  } catch (error) {
    logger.warn({ viewId: view.id, error: errorSummary(error) }, 'request modal not updated');
  }
}
