import { z } from 'zod';
import {
  decimalIdSchema,
  getScenario,
  NOTE_MAX_LENGTH,
  PO_NUMBER_MAX_LENGTH,
  type Scenario,
  scenariosForProduct,
  serialNumberSchema,
} from '../../../catalog';
import { BILLING_CYCLES } from '../../../yeastar/order-body';
import { truncate } from '../../mrkdwn';
import type { CurrentPlan, Holding } from '../../options/holdings';
import { type Choice, MAX_OPTION_TEXT } from '../../options/option-list';

/**
 * Everything the request modal needs to rebuild itself, carried in its private_metadata: what the person
 * chose and what the app looked up for them. It reflects what the app rendered; submission looks the
 * authoritative facts (what is held, its counts) up again on the server.
 */

const label = z.string().max(MAX_OPTION_TEXT);
const choiceSchema = z.object({ value: z.string().max(150), label });

const holdingSchema = z.object({
  key: z.string().max(150),
  scenarioId: z.string().max(100),
  productId: z.number().int().positive(),
  productNo: z.string().max(40),
  serialNumber: serialNumberSchema.optional(),
  planId: decimalIdSchema.optional(),
  serviceId: decimalIdSchema.optional(),
  planName: label.optional(),
  serviceName: label.optional(),
  counts: z.object({
    quantity: z.number().int().nonnegative().optional(),
    serviceQuantity: z.number().int().nonnegative().optional(),
  }),
  expireTime: z.number().int().positive().optional(),
  billingCycle: z.enum(BILLING_CYCLES).optional(),
}) satisfies z.ZodType<Holding>;

const currentPlanSchema = z.object({
  planId: decimalIdSchema,
  name: label,
  quantity: z.number().int().nonnegative().optional(),
  billingCycle: z.enum(BILLING_CYCLES).optional(),
}) satisfies z.ZodType<CurrentPlan>;

export const requestModalMetaSchema = z.object({
  command: z.enum(['renew', 'purchase']),
  /** Channel the command was typed in. */
  channelId: z.string().max(40).optional(),
  /** Orders go to the built-in sandbox: the modal says so. */
  sandbox: z.boolean().optional(),
  /** The reseller's own account, as the customer list's first entry names it. */
  ownAccount: label.optional(),
  /** The subordinate customer the request is for; absent: the own account. */
  customer: choiceSchema.extend({ value: decimalIdSchema }).optional(),
  /** /purchase: the chosen product; /renew: the product of the chosen holding, or the one the text named. */
  productId: z.number().int().positive().optional(),
  productLabel: label.optional(),
  scenarioId: z.string().max(100).optional(),
  /** The chosen PBX; a serial from the command has no label until it is looked up. */
  serial: z.object({ value: serialNumberSchema, label: label.optional() }).optional(),
  /** /renew: what is renewed, as looked up. */
  holding: holdingSchema.optional(),
  /** /renew from the Home tab's "Expiring soon": the key of the holding to choose once it is looked up. */
  wantedHolding: z.string().max(150).optional(),
  /** /renew: the account holds nothing renewable (looked up). */
  nothingHeld: z.boolean().optional(),
  /** Expansions, add-ons and switches: the plan the PBX or account has now (looked up). */
  currentPlan: currentPlanSchema.optional(),
  /** Entries the app chose for the person: the only ones offered, or what a request sent again had. */
  auto: z
    .object({ billingContact: choiceSchema, plan: choiceSchema, service: choiceSchema })
    .partial()
    .optional(),
  /** Edit and resubmit: the request this one sends again. */
  resubmitOf: z.object({ id: z.uuid(), reference: z.string().max(40) }).optional(),
  /** Edit and resubmit: what the old request had in the inputs that are typed or picked from a fixed list. */
  prefill: z
    .object({
      quantity: z.number().int().positive(),
      serviceQuantity: z.number().int().positive(),
      term: z.string().max(20),
      poNumber: z.string().max(PO_NUMBER_MAX_LENGTH),
      note: z.string().max(NOTE_MAX_LENGTH),
    })
    .partial()
    .optional(),
  /** Words from the command text still to be matched against the customer list. */
  pendingText: z.string().max(200).optional(),
  /** What the app could not do with the command text, or could not look up, said at the top. */
  notice: z.string().max(300).optional(),
});
export type RequestModalMeta = z.infer<typeof requestModalMetaSchema>;

export function parseModalMeta(privateMetadata: string | undefined): RequestModalMeta | undefined {
  try {
    const parsed = requestModalMetaSchema.safeParse(JSON.parse(privateMetadata ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The catalog row the modal is showing, if the product (and, where it has several, the row) is chosen. */
export function chosenScenario(meta: RequestModalMeta): Scenario | undefined {
  if (meta.productId === undefined || meta.scenarioId === undefined) return undefined;
  const scenario = getScenario(meta.scenarioId);
  return scenario?.command === meta.command && scenario.productId === meta.productId ? scenario : undefined;
}

/** The rows a product offers for the modal's command; more than one means the modal asks which. */
export function productScenarios(meta: RequestModalMeta): Scenario[] {
  return meta.productId === undefined ? [] : scenariosForProduct(meta.command, meta.productId);
}

/**
 * Which of the product's plans or services the row offers: those it names (one white label, the
 * expansions), and for a switch every plan but the current one.
 */
export function offerFilterOf(
  meta: RequestModalMeta,
  scenario: Scenario,
  kind: 'plan' | 'service',
): { named?: RegExp; except?: string } {
  if (kind === 'service') return scenario.services ? { named: scenario.services } : {};
  return scenario.purchaseType === 'switch' && meta.currentPlan ? { except: meta.currentPlan.planId } : {};
}

/** Who the request is for, as the lists key it. */
export function ownerOf(meta: RequestModalMeta): { partnerId?: string } {
  return meta.customer ? { partnerId: meta.customer.value } : {};
}

// ---- how a choice changes the modal --------------------------------------------------------------------

/**
 * What stays whatever else changes: where the command ran, how the installation is named, and the request
 * this one sends again.
 */
function base(meta: RequestModalMeta): RequestModalMeta {
  const { command, channelId, sandbox, ownAccount, resubmitOf } = meta;
  return {
    command,
    ...(channelId ? { channelId } : {}),
    ...(sandbox ? { sandbox } : {}),
    ...(ownAccount ? { ownAccount } : {}),
    ...(resubmitOf ? { resubmitOf } : {}),
  };
}

/** A new product (/purchase): its only row is chosen; choices that depended on the old product go. */
export function withProduct(
  meta: RequestModalMeta,
  productId: number,
  productLabel: string,
): RequestModalMeta {
  const rows = scenariosForProduct(meta.command, productId);
  const keepSerial = meta.serial && rows.some((row) => row.fields.some((f) => f.name === 'serialNumber'));
  return {
    ...base(meta),
    ...(meta.customer ? { customer: meta.customer } : {}),
    productId,
    productLabel: truncate(productLabel, MAX_OPTION_TEXT),
    ...(rows.length === 1 && rows[0] ? { scenarioId: rows[0].id } : {}),
    ...(keepSerial && meta.serial ? { serial: meta.serial } : {}),
    ...(meta.auto?.billingContact ? { auto: { billingContact: meta.auto.billingContact } } : {}),
  };
}

/** Another kind of order for the product: what was looked up for the old one is looked up again. */
export function withScenario(meta: RequestModalMeta, scenarioId: string): RequestModalMeta {
  const { currentPlan: _old, ...rest } = meta;
  return { ...rest, scenarioId };
}

/** A new customer (or none: the own account). What was looked up for the old one goes. */
export function withCustomer(meta: RequestModalMeta, customer: Choice | undefined): RequestModalMeta {
  const {
    customer: _old,
    serial: _device,
    holding: _held,
    nothingHeld: _none,
    currentPlan: _plan,
    auto,
    ...rest
  } = meta;
  const parsed = customer && decimalIdSchema.safeParse(customer.value);
  return {
    ...rest,
    // /renew: the product named in the text stays preferred; the holding is the new owner's to pick.
    ...(meta.command === 'renew' ? { productId: meta.holding?.productId ?? meta.productId } : {}),
    ...(meta.command === 'renew' ? { scenarioId: undefined, productLabel: undefined } : {}),
    ...(parsed?.success && customer ? { customer: { value: parsed.data, label: customer.label } } : {}),
    ...(auto?.billingContact ? { auto: { billingContact: auto.billingContact } } : {}),
  };
}

/** A PBX chosen (or looked up for a serial from the command): the plans offered depend on it. */
export function withSerial(
  meta: RequestModalMeta,
  serial: { value: string; label?: string },
): RequestModalMeta {
  const { auto, currentPlan: _other, ...rest } = meta;
  const kept = auto?.plan ? { ...auto, plan: undefined } : auto;
  return { ...rest, serial, ...(kept ? { auto: kept } : {}) };
}

/** /renew: a holding chosen. Its row, product and what it renews come with it. */
export function withHolding(
  meta: RequestModalMeta,
  holding: Holding,
  productLabel?: string,
): RequestModalMeta {
  return {
    ...meta,
    holding,
    productId: holding.productId,
    scenarioId: holding.scenarioId,
    ...(productLabel ? { productLabel: truncate(productLabel, MAX_OPTION_TEXT) } : {}),
    nothingHeld: undefined,
  };
}
