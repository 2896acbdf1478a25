import { z } from 'zod';

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

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const envelopeSchema = z.object({
  code: z.string(),
  detailMessage: text,
  requestId: text,
  result: z.unknown(),
  status: z.number().int().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const tokenSchema = z.object({
  token: z.string().min(1),
  tokenHead: z.string(),
  // Documented as a string of seconds ("1800"); tolerate a number too.
  expiresIn: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  refreshToken: z.string().min(1),
});
export type TokenDetails = z.infer<typeof tokenSchema>;

export const purchaseTypeSchema = z.enum(['purchase', 'renew', 'trial', 'switch']);

export const productSchema = z.object({ productId: z.number().int().positive(), name: z.string() });
export const productListSchema = z.array(productSchema);
export type Product = z.infer<typeof productSchema>;

/** [RECON] plan and service entries of purchase_product_info. */
export const planOfferSchema = z.object({
  planId: idSchema,
  name: z.string(),
  purchaseType: purchaseTypeSchema,
});
export const serviceOfferSchema = z.object({
  serviceId: idSchema,
  name: z.string(),
  purchaseType: purchaseTypeSchema,
});
export const purchaseProductInfoSchema = z.object({
  offeringId: text,
  productId: z.number().int().positive(),
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
    count: z.number().int().nonnegative(),
    pageNo: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    results: z.array(item),
    total: z.number().int().nonnegative(),
    totalPage: z.number().int().nonnegative(),
  });
}
export type Page<T> = {
  count: number;
  pageNo: number;
  pageSize: number;
  results: T[];
  total: number;
  totalPage: number;
};

export const activationStatusSchema = z.enum(['unknown', 'unactivated', 'activated']);

/**
 * A purchased instance (a PBX, or an account-level subscription). The documented fields end at
 * `comment`; [RECON] the rest is what the app needs to renew: the current plan or service and its count.
 */
export const instanceProductSchema = z.object({
  productNo: z.string().min(1),
  activationStatus: activationStatusSchema,
  activationCode: text,
  comment: text,
  productId: z.number().int().positive().optional(),
  productName: text,
  planId: idSchema.optional(),
  serviceId: idSchema.optional(),
  quantity: z.number().int().nonnegative().optional(),
  expireTime: z.number().int().optional(),
  assignId: idSchema.optional(),
});
export const instanceProductPageSchema = pageSchema(instanceProductSchema);
export type InstanceProduct = z.infer<typeof instanceProductSchema>;

export const productDetailSchema = z.object({
  activationCode: text,
  activationStatus: activationStatusSchema,
  comment: text,
  createTime: z.number().int().optional(),
  currentPlan: text,
  currentPlanExpireDate: text,
});
export type ProductDetail = z.infer<typeof productDetailSchema>;

/** Create an Order's result, as the tutorials show it (`orderId` is missing from one of them). */
export const createOrderResultSchema = z.object({
  instanceId: text,
  orderId: idSchema.optional(),
  orderNo: z.string().min(1),
  orderStatus: z.string().min(1),
  productNo: text,
  transactionNo: text,
});
export type CreateOrderResult = z.infer<typeof createOrderResultSchema>;

/** A field the answer may leave out: absent (or null) stays undefined, so "not listed" differs from "empty". */
const maybeText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

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
  createTime: z.number().int().optional(),
  currencyCode: text,
  customReferenceNo: maybeText,
  invoiceNo: text,
  poNumber: maybeText,
  productId: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  transactionNo: text,
  instanceId: text,
  productNo: text,
});
export const orderPageSchema = pageSchema(orderInfoSchema);
export type OrderInfo = z.infer<typeof orderInfoSchema>;

export const orderDetailSchema = z.object({
  basicInformation: z.object({ productId: z.string(), productName: text, productNo: text }),
  billingInformation: z.record(z.string(), z.unknown()),
  orderInformation: orderInfoSchema,
  orderSummary: z.record(z.string(), z.unknown()),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;
