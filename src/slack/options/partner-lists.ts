import { setTimeout as delay } from 'node:timers/promises';
import { asksFor, type Command, type Scenario, scenariosFor, serialNumberSchema } from '../../catalog';
import type { Logger } from '../../logger';
import type { PartnerApiClient } from '../../yeastar/client';
import { PartnerApiResponseError } from '../../yeastar/errors';
import type { BillingContact, InstanceProduct, SubordinateUser } from '../../yeastar/schemas';
import {
  type CurrentPlan,
  currentPlanOf,
  describesHoldings,
  type Holding,
  holdingsOf,
  type Offer,
  type Owner,
} from './holdings';
import { ListCache, type ListLookup, type LookupResult } from './list-cache';
import type { Choice } from './option-list';

export interface PartnerListsOptions {
  /** How long a fetched list counts as fresh; 5 minutes by default. */
  ttlMs?: number;
  /** The longest a lookup waits for the Partner API; 2 s by default, well within Slack's 3 s. */
  deadlineMs?: number;
  logger?: Logger;
  /** Told how each lookup of each list was served (metrics: the cache's hit rate). */
  onLookup?: (list: string, result: LookupResult) => void;
}

/** What an account holds that `/renew` can renew; `described: false` when the list does not say. */
export type HoldingsLookup = ListLookup<Holding> & { described?: boolean };

/** A renewable holding whose subscription ends soon: what it is, whose, and how that owner is named. */
export interface ExpiringHolding {
  holding: Holding;
  owner: Owner;
  /** The customer's name from the subordinate list; absent for the own account or when the list is unavailable. */
  ownerLabel?: string;
}

/** Holdings expiring soon; `dated: false` when no holding's list entry gives an expiry at all. */
export type ExpiringLookup = ListLookup<ExpiringHolding> & { dated?: boolean };

/** A PBX as the instance lists know it: its product, its owner and how the list names it. */
export interface Device {
  productId: number;
  serialNumber: string;
  label: string;
  owner: Owner;
}

const ONE_LIST = 'all';

function joinPresent(parts: readonly string[], separator: string): string {
  return parts.filter((part) => part.trim() !== '').join(separator);
}

function customerLabel(user: SubordinateUser): string {
  const person = joinPresent([user.firstName, user.lastName], ' ');
  const who = joinPresent([person, user.email], ', ');
  return user.company ? `${user.company}${who ? ` (${who})` : ''}` : who || user.partnerId;
}

function contactLabel(contact: BillingContact): string {
  const person = joinPresent([contact.firstName, contact.lastName], ' ');
  const label = joinPresent([person, contact.company], ', ');
  const email = contact.emailAddress ? ` (${contact.emailAddress})` : '';
  return `${label || contact.billingContactId}${email}`;
}

function serialLabel(instance: InstanceProduct): string {
  return joinPresent([instance.productNo, instance.comment], ' — ');
}

/** Account-level subscriptions are listed with the owner's ID as productNo; only PBXs have a serial. */
function isDevice(instance: InstanceProduct): boolean {
  return serialNumberSchema.safeParse(instance.productNo).success;
}

function mapLookup<T>(lookup: ListLookup<T>, toChoice: (item: T) => Choice): ListLookup<Choice> {
  return lookup.status === 'ok' ? { status: 'ok', items: lookup.items.map(toChoice) } : lookup;
}

/**
 * The Partner API lists behind the request modal's dropdowns, each behind a deadline-bounded cache so
 * that an options request is always answered in time (see ListCache).
 */
export class PartnerLists {
  private readonly products: ListCache<{ productId: number; name: string }>;
  private readonly customers: ListCache<SubordinateUser>;
  private readonly contacts: ListCache<BillingContact>;
  /** Keyed by product, or `product/serial` for products sold per device. */
  private readonly offers: ListCache<Offer>;
  /** Keyed by product. */
  private readonly instances: ListCache<InstanceProduct>;
  private readonly logger: Logger | undefined;
  /** The longest a lookup waits; what else must answer Slack in time (a submission's price) keeps to it too. */
  readonly deadlineMs: number;

  constructor(api: PartnerApiClient, options: PartnerListsOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? 2_000;
    const cacheOptions = (list: string) => ({
      ttlMs: options.ttlMs ?? 5 * 60_000,
      deadlineMs: this.deadlineMs,
      ...(options.onLookup && { onLookup: (result: LookupResult) => options.onLookup?.(list, result) }),
    });
    this.logger = options.logger;
    this.products = new ListCache((_key, signal) => api.listProducts({ signal }), cacheOptions('products'));
    this.customers = new ListCache(
      (_key, signal) => api.listSubordinateUsers({ signal }),
      cacheOptions('customers'),
    );
    this.contacts = new ListCache(
      (_key, signal) => api.listBillingContacts({ signal }),
      cacheOptions('billing_contacts'),
    );
    this.offers = new ListCache(async (key, signal) => {
      const [productId = '', productNo] = key.split('/');
      const info = await api.getPurchaseProductInfo(
        { productId: Number(productId), ...(productNo ? { productNo } : {}) },
        { signal },
      );
      return [
        ...info.planList.map((p): Offer => ({ kind: 'plan', id: p.planId, name: p.name })),
        ...info.serviceList.map((s): Offer => ({ kind: 'service', id: s.serviceId, name: s.name })),
      ];
    }, cacheOptions('offers'));
    this.instances = new ListCache(
      (key, signal) => api.listAllInstanceProducts({ productId: Number(key) }, { signal }),
      cacheOptions('instances'),
    );
  }

  /**
   * The products the catalog supports for a command, named as the API names them. Never unavailable:
   * without the API, the catalog's own product names stand in.
   */
  async productChoices(command: Command): Promise<Choice[]> {
    const supported = new Map<number, string>();
    for (const scenario of scenariosFor(command)) {
      if (!supported.has(scenario.productId)) supported.set(scenario.productId, scenario.productName);
    }
    const lookup = this.checked('products', await this.products.get(ONE_LIST));
    const apiNames = new Map(lookup.status === 'ok' ? lookup.items.map((p) => [p.productId, p.name]) : []);
    return [...supported].map(([productId, fallback]) => ({
      value: String(productId),
      label: apiNames.get(productId) ?? fallback,
    }));
  }

  async customerChoices(): Promise<ListLookup<Choice>> {
    const lookup = this.checked('subordinate customers', await this.customers.get(ONE_LIST));
    return mapLookup(lookup, (user) => ({ value: user.partnerId, label: customerLabel(user) }));
  }

  async billingContactChoices(): Promise<ListLookup<Choice>> {
    const lookup = this.checked('billing contacts', await this.contacts.get(ONE_LIST));
    return mapLookup(lookup, (contact) => ({
      value: contact.billingContactId,
      label: contactLabel(contact),
    }));
  }

  /** A product's plans or services; `named` keeps those a row offers, `except` leaves one out. */
  async offerChoices(
    kind: Offer['kind'],
    productId: number,
    serialNumber?: string,
    filter: { named?: RegExp; except?: string } = {},
  ): Promise<ListLookup<Choice>> {
    const lookup = this.checked(
      `${kind}s of product ${productId}`,
      await this.offers.get(offerKey(productId, serialNumber)),
    );
    if (lookup.status !== 'ok') return lookup;
    const items = lookup.items.filter(
      (offer) =>
        offer.kind === kind && (!filter.named || filter.named.test(offer.name)) && offer.id !== filter.except,
    );
    return { status: 'ok', items: items.map((offer) => ({ value: offer.id, label: offer.name })) };
  }

  /**
   * The plan a PBX (by serial number) or the owner's account has now, for a product: none listed is an
   * empty list, not an unavailable one.
   */
  async currentPlan(
    productId: number,
    owner: Owner,
    serialNumber?: string,
  ): Promise<ListLookup<CurrentPlan>> {
    const [instances, offers] = await Promise.all([
      this.instancesOf(productId),
      this.offers.get(offerKey(productId, serialNumber)),
    ]);
    if (instances.status !== 'ok') return instances;
    // Without the offers the plan is named from the instance list.
    const named = offers.status === 'ok' ? offers.items : [];
    const plan = currentPlanOf(instances.items, named, owner, serialNumber);
    return { status: 'ok', items: plan ? [plan] : [] };
  }

  /** The PBXs of a per-device product that the owner holds, searchable by serial number and comment. */
  async deviceChoices(productId: number, owner: Owner): Promise<ListLookup<Choice>> {
    const lookup = await this.instancesOf(productId);
    if (lookup.status !== 'ok') return lookup;
    const devices = lookup.items.filter((i) => isDevice(i) && i.assignId === owner.partnerId);
    // A PBX with a plan and services is listed once for each of them: offer it once.
    const once = [...new Map(devices.map((i) => [i.productNo, i])).values()];
    return { status: 'ok', items: once.map((i) => ({ value: i.productNo, label: serialLabel(i) })) };
  }

  /**
   * A PBX by its serial number, among the per-device products of a command: whose it is and how the list
   * names it. `unknown` when no list has it.
   */
  async device(command: Command, serialNumber: string): Promise<ListLookup<Device> | { status: 'unknown' }> {
    const products = [
      ...new Set(
        scenariosFor(command)
          .filter((r) => asksFor(r, 'serialNumber'))
          .map((r) => r.productId),
      ),
    ];
    for (const productId of products) {
      const lookup = await this.instancesOf(productId);
      if (lookup.status !== 'ok') return lookup;
      const found = lookup.items.find((i) => i.productNo === serialNumber);
      if (found) {
        const owner = found.assignId ? { partnerId: found.assignId } : {};
        return { status: 'ok', items: [{ productId, serialNumber, label: serialLabel(found), owner }] };
      }
    }
    return { status: 'unknown' };
  }

  /**
   * Everything the owner holds that a `/renew` row renews, from each renewed product's instance list and
   * its offers (for the names). Unavailable if any of those lists is: a partial answer would hide a
   * holding and read as "nothing to renew".
   */
  async holdings(owner: Owner): Promise<HoldingsLookup> {
    const rows = scenariosFor('renew');
    const products = [...new Set(rows.map((r) => r.productId))];
    const perDevice = new Set(rows.filter((r) => asksFor(r, 'serialNumber')).map((r) => r.productId));
    const started = Date.now();
    const loaded = await Promise.all(
      products.map(async (productId) => {
        if (!perDevice.has(productId)) {
          const [instances, offers] = await Promise.all([
            this.instancesOf(productId),
            this.offers.get(offerKey(productId)),
          ]);
          const named = this.checked(`plans and services of product ${productId}`, offers);
          return { productId, instances, offers: named };
        }
        const instances = await this.instancesOf(productId);
        // The names wait no longer than one deadline in all: the holdings show without them.
        const unnamed: ListLookup<Offer> = { status: 'ok', items: [] };
        const left = Math.max(0, this.deadlineMs - (Date.now() - started));
        const offers = await Promise.race([
          this.deviceOffers(productId, instances, owner),
          delay(left, unnamed, { ref: false }),
        ]);
        return { productId, instances, offers };
      }),
    );
    const holdings: Holding[] = [];
    let described = true;
    for (const { productId, instances, offers } of loaded) {
      if (instances.status !== 'ok') return instances;
      if (offers.status !== 'ok') return offers;
      described &&= describesHoldings(instances.items, owner);
      for (const row of rows.filter((r) => r.productId === productId)) {
        holdings.push(...holdingsOf(row, instances.items, offers.items, owner));
      }
    }
    return { status: 'ok', items: holdings, described };
  }

  /**
   * Everything the account and its customers hold that `/renew` renews and that expires within
   * `withinMs` of `now` (expired ones too), soonest first. Only holdings whose list entry gives an expiry
   * (`expireTime`, an assumption: see docs/partner-api-notes.md) can show; unavailable if a list is.
   */
  async expiring(now: Date, withinMs: number): Promise<ExpiringLookup> {
    const products = [...new Set(scenariosFor('renew').map((r) => r.productId))];
    const lists = await Promise.all(products.map((productId) => this.instancesOf(productId)));
    const owners = new Set<string | undefined>([undefined]);
    for (const list of lists) {
      if (list.status !== 'ok') return list;
      for (const instance of list.items) owners.add(instance.assignId);
    }
    const [customers, held] = await Promise.all([
      this.customers.get(ONE_LIST),
      Promise.all(
        [...owners].map(async (partnerId) => {
          const owner: Owner = partnerId === undefined ? {} : { partnerId };
          return { owner, lookup: await this.holdings(owner) };
        }),
      ),
    ]);
    const names = new Map(
      customers.status === 'ok' ? customers.items.map((c) => [c.partnerId, customerLabel(c)]) : [],
    );
    const until = now.getTime() + withinMs;
    const found: ExpiringHolding[] = [];
    let dated = false;
    for (const { owner, lookup } of held) {
      if (lookup.status !== 'ok') return lookup;
      dated ||= lookup.items.some((h) => h.expireTime !== undefined);
      const ownerLabel = owner.partnerId === undefined ? undefined : names.get(owner.partnerId);
      for (const holding of lookup.items) {
        if (holding.expireTime !== undefined && holding.expireTime <= until) {
          found.push({ holding, owner, ...(ownerLabel && { ownerLabel }) });
        }
      }
    }
    found.sort((a, b) => (a.holding.expireTime ?? 0) - (b.holding.expireTime ?? 0));
    return { status: 'ok', items: found, dated };
  }

  /**
   * A per-device product's offers are asked for one PBX at a time; they name what its PBXs hold, so one
   * of the owner's PBXs stands for all. Without them the names fall back to the product's: the holdings
   * themselves still show.
   */
  private async deviceOffers(
    productId: number,
    instances: ListLookup<InstanceProduct>,
    owner: Owner,
  ): Promise<ListLookup<Offer>> {
    const device =
      instances.status === 'ok'
        ? instances.items.find((i) => isDevice(i) && i.assignId === owner.partnerId)
        : undefined;
    if (!device) return { status: 'ok', items: [] };
    const offers = await this.offers.get(offerKey(productId, device.productNo));
    return offers.status === 'ok' ? offers : { status: 'ok', items: [] };
  }

  private async instancesOf(productId: number): Promise<ListLookup<InstanceProduct>> {
    return this.checked(`instances of product ${productId}`, await this.instances.get(String(productId)));
  }

  /** Starts loading what the modal of a command will ask for, so the first dropdowns answer from cache. */
  warm(command: Command): void {
    this.products.warm(ONE_LIST);
    this.customers.warm(ONE_LIST);
    this.contacts.warm(ONE_LIST);
    for (const scenario of scenariosFor(command)) this.warmProduct(scenario);
  }

  warmProduct(scenario: Scenario, serialNumber?: string): void {
    if (!asksFor(scenario, 'serialNumber') || serialNumber) {
      this.offers.warm(offerKey(scenario.productId, serialNumber));
    }
    this.instances.warm(String(scenario.productId));
  }

  /**
   * Logs a list that could not be had, and tells an answer that lacks what the list needs (asking again
   * will not help) from one that failed or came too late.
   */
  private checked<T>(list: string, lookup: ListLookup<T>): ListLookup<T> {
    if (lookup.status === 'ok') return lookup;
    const unreadable = lookup.error instanceof PartnerApiResponseError && lookup.error.fields.length > 0;
    const seen: ListLookup<T> = unreadable ? { ...lookup, reason: 'unreadable' } : lookup;
    // The error carries no secret (the client redacts), but its message is enough.
    const cause = lookup.error instanceof Error ? lookup.error.message : undefined;
    this.logger?.warn(
      { list, reason: seen.status === 'unavailable' && seen.reason, cause },
      'partner list unavailable',
    );
    return seen;
  }
}

function offerKey(productId: number, serialNumber?: string): string {
  return serialNumber ? `${productId}/${serialNumber}` : String(productId);
}

export function createPartnerLists(api: PartnerApiClient, options?: PartnerListsOptions): PartnerLists {
  return new PartnerLists(api, options);
}
