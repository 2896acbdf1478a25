export type { CallOptions, PartnerApiClientOptions } from './client';
export { PartnerApiClient } from './client';
export {
  isOutcomeUnknown,
  PartnerApiAuthError,
  PartnerApiConnectionError,
  PartnerApiError,
  PartnerApiNotFoundError,
  PartnerApiRateLimitError,
  PartnerApiResponseError,
  PartnerApiServerError,
  PartnerApiTimeoutError,
  PartnerApiValidationError,
} from './errors';
export { jsonInteger, parseJson, stringifyJson } from './json';
export type { CreateOrderBody, OperationType, ServiceLine } from './order-body';
export { PartnerApiOrders } from './partner-orders';
export { PartnerApiPrices } from './partner-prices';
export type { RetrySettings } from './retry';
export type {
  BillingContact,
  CreateOrderResult,
  InstanceProduct,
  OrderDetail,
  OrderInfo,
  Page,
  PlanOffer,
  PriceInfo,
  Product,
  ProductDetail,
  PurchaseProductInfo,
  ServiceOffer,
  SubordinateUser,
} from './schemas';
