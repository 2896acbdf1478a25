import { z } from 'zod';
import { BILLING_CYCLES } from './order-body';

/**
 * The Partner API's response shapes: the one place that says what the app and the sandbox expect.
 * Shapes marked [RECON] are reconstructed from the guide's parameter tables (see docs/partner-api-notes.md);
 * correct them here when a live trace says otherwise.
 */

/**
 * A 64-bit ID. The API sends some as JSON strings and may send others as numbers; either way the app
 * keeps the exact decimal text. Numbers must arrive losslessly (see json.ts): a JS `number` is accepted
 * only while it is a safe integer, so a rounded ID can never slip through.
 */
export const idSchema = z
  .union([
    z.string().regex(/^\d{1,19}$/, 'expected a decimal ID'),
    z.bigint().nonnegative(),
    z.number().int().nonnegative().refine(Number.isSafeInteger, 'ID lost precision'),
  ])
  .transform((v) => String(v));

/**
 * Tolerance: a field the app only shows or ignores never makes an answer unusable. Documented as text, it
 * reads any other scalar as text, and anything else as empty; the doctor still names the difference.
 */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '')
  .catch(({ value }) => (['number', 'bigint', 'boolean'].includes(typeof value) ? String(value) : ''));

/** A field the app can do without: of another kind, it counts as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const envelopeSchema = z.object({
  code: z.string(),
  detailMessage: text,
  requestId: text,
  result: z.unknown(),
  status: optional(z.number().int()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const tokenSchema = z.object({
  token: z.string().min(1),
  // "Bearer" when absent (see token.ts).
  tokenHead: text,
  // Documented as a string of seconds ("1800"); tolerate a number too.
  expiresIn: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  // Without one, renewal falls back to the credentials grant.
  refreshToken: optional(z.string().min(1)),
});
export type TokenDetails = z.infer<typeof tokenSchema>;

/** Documented values; the app does not read them, so a new one is no error. */
const purchaseTypeSchema = optional(z.enum(['purchase', 'renew', 'trial', 'switch']));

export const productSchema = z.object({ productId: z.number().int().positive(), name: text });
export const productListSchema = z.array(productSchema);
export type Product = z.infer<typeof productSchema>;

/** [RECON] plan and service entries of purchase_product_info. */
export const planOfferSchema = z.object({
  planId: idSchema,
  name: text,
  purchaseType: purchaseTypeSchema,
});
export const serviceOfferSchema = z.object({
  serviceId: idSchema,
  name: text,
  purchaseType: purchaseTypeSchema,
});
export const purchaseProductInfoSchema = z.object({
  offeringId: text,
  productId: optional(z.number().int().positive()),
  productName: text,
  planList: z
    .array(planOfferSchema)
    .nullish()
    .transform((v) => v ?? []),
  serviceList: z
    .array(serviceOfferSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type PlanOffer = z.infer<typeof planOfferSchema>;
export type ServiceOffer = z.infer<typeof serviceOfferSchema>;
export type PurchaseProductInfo = z.infer<typeof purchaseProductInfoSchema>;

/** A non-negative decimal amount, as text ("1200.00"); a JSON number is read as the decimal it prints. */
const amountSchema = z
  .union([z.string().trim(), z.number().nonnegative().finite()])
  .transform(String)
  .pipe(z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal amount'));

/**
 * [RECON] What Plan_Info (`…/{trial|purchase|renew}/plan_info/{id}`) and the add-on Details
 * (`…/add_on_info/{id}`) say an order line costs. The guide shows none of their fields; the app assumes
 * the price of the line as asked (its quantity and term, sent as query parameters) in `price` or `amount`,
 * its `currency` or `currencyCode` (as Order_Info names it), and, when the answer says what it priced, the
 * `billingCycle`, `multiCycle` and `quantity` it priced. Without an amount or a currency no price is shown.
 */
export const priceInfoSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const v = value as Record<string, unknown>;
    return { ...v, price: v.price ?? v.amount, currency: v.currency ?? v.currencyCode };
  },
  z.object({
    // What the line is, as purchase_product_info names it; not needed to price it.
    planId: optional(idSchema),
    serviceId: optional(idSchema),
    name: text,
    purchaseType: purchaseTypeSchema,
    price: amountSchema,
    currency: z.string().trim().min(1),
    billingCycle: optional(z.enum(BILLING_CYCLES)),
    multiCycle: optional(z.number().int().nonnegative()),
    quantity: optional(z.number().int().nonnegative()),
  }),
);
export type PriceInfo = z.infer<typeof priceInfoSchema>;

export const billingContactSchema = z.object({
  billingContactId: idSchema,
  firstName: text,
  lastName: text,
  emailAddress: text,
  company: text,
  phoneNumber: text,
  country: text,
  stateProvince: text,
  city: text,
  street: text,
  zipCode: text,
  taxNum: text,
  remark: text,
});
// Documented as Object<Contact_Info> but it describes a list.
export const billingContactListSchema = z.array(billingContactSchema);
export type BillingContact = z.infer<typeof billingContactSchema>;

export const subordinateUserSchema = z.object({
  partnerId: idSchema,
  email: text,
  firstName: text,
  lastName: text,
  company: text,
  phoneNumber: text,
  country: text,
  stateProvince: text,
  city: text,
  street: text,
  zipCode: text,
  taxNum: text,
  remark: text,
  userType: text,
});
export const subordinateUserListSchema = z.array(subordinateUserSchema);
export type SubordinateUser = z.infer<typeof subordinateUserSchema>;

/** The paging object of the order list and the instance product list. */
export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    count: optional(z.number().int().nonnegative()),
    pageNo: optional(z.number().int().positive()),
    pageSize: optional(z.number().int().positive()),
    results: z.array(item),
    total: optional(z.number().int().nonnegative()),
    totalPage: z.number().int().nonnegative(),
  });
}
/** A page as the sandbox writes it; the client reads only `results` and `totalPage`. */
export type Page<T> = {
  count: number;
  pageNo: number;
  pageSize: number;
  results: T[];
  total: number;
  totalPage: number;
};
export type ReadPage<T> = Pick<Page<T>, 'results' | 'totalPage'> & Partial<Page<T>>;

/** Documented values; the app does not read them, so a new one is no error. */
const activationStatusSchema = optional(z.enum(['unknown', 'unactivated', 'activated']));

/**
 * A purchased instance (a PBX, or an account-level subscription). The documented fields end at
 * `comment`; [RECON] the rest is what the app needs to renew: the current plan or service and its count.
 */
export const instanceProductSchema = z.object({
  productNo: z.string().min(1),
  activationStatus: activationStatusSchema,
  activationCode: text,
  comment: text,
  productId: optional(z.number().int().positive()),
  productName: text,
  instanceId: text,
  createTime: optional(z.number().int()),
  // Without them a renewal's count is asked (and left to the order itself), and nothing is renewable.
  planId: optional(idSchema),
  serviceId: optional(idSchema),
  quantity: optional(z.number().int().nonnegative()),
  // A renewal keeps it; without it every cycle is offered and the order's own stands.
  billingCycle: optional(z.enum(BILLING_CYCLES)),
  expireTime: optional(z.number().int()),
  // Not tolerated: read wrongly, another customer's instance would count as the reseller's own.
  assignId: idSchema.optional(),
});
export const instanceProductPageSchema = pageSchema(instanceProductSchema);
export type InstanceProduct = z.infer<typeof instanceProductSchema>;

export const productDetailSchema = z.object({
  activationCode: text,
  activationStatus: activationStatusSchema,
  comment: text,
  createTime: optional(z.number().int()),
  currentPlan: text,
  currentPlanExpireDate: text,
});
export type ProductDetail = z.infer<typeof productDetailSchema>;

/** Create an Order's result, as the tutorials show it (`orderId` is missing from one of them). */
export const createOrderResultSchema = z.object({
  instanceId: text,
  orderId: optional(idSchema),
  orderNo: z.string().min(1),
  orderStatus: z.string().min(1),
  productNo: text,
  transactionNo: text,
});
export type CreateOrderResult = z.infer<typeof createOrderResultSchema>;

/**
 * A field the answer may leave out: absent (or null) stays undefined, so "not listed" differs from "empty".
 * Of another kind it counts as not listed, which proves nothing (see src/orders/evidence.ts).
 */
const maybeText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined)
  .catch(undefined);

/**
 * Order_Info of Query Order List. `orderStatus` stays a string: the documented list is cut off after
 * "con…". [RECON] The guide documents `customReferenceNo` ("partner's own reference") but never says that
 * either it or `poNumber` echoes the `poNumber` sent; reconciliation checks that echo before relying on it
 * (src/orders/evidence.ts).
 */
export const orderInfoSchema = z.object({
  id: idSchema,
  orderNo: z.string(),
  orderStatus: z.string(),
  createTime: optional(z.number().int()),
  currencyCode: text,
  customReferenceNo: maybeText,
  invoiceNo: text,
  poNumber: maybeText,
  productId: optional(z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])),
  transactionNo: text,
  instanceId: text,
  productNo: text,
});
export const orderPageSchema = pageSchema(orderInfoSchema);
export type OrderInfo = z.infer<typeof orderInfoSchema>;

/**
 * Get Order Details. [RECON] `orderInformation` is an Order_Info like the list's entries, and its
 * `orderStatus` is the order's status now: what the follow-up of an order waiting for payment reads.
 */
export const orderDetailSchema = z.object({
  // Documented as a string; a number names the product just as well.
  basicInformation: z.object({
    productId: z.union([z.string(), z.number().int()]).transform(String),
    productName: text,
    productNo: text,
  }),
  billingInformation: optional(z.record(z.string(), z.unknown())),
  orderInformation: orderInfoSchema,
  orderSummary: optional(z.record(z.string(), z.unknown())),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;
