import type { Deadline } from '../orders/deadline';
import type { PlacementFailure } from '../orders/model';
import type { ListedOrder, OrderPage, PartnerOrders, PlaceOutcome } from '../orders/ports';
import type { PartnerApiClient } from './client';
import { isOutcomeUnknown, PartnerApiError, PartnerApiNotFoundError } from './errors';
import type { OrderInfo } from './schemas';
import { isTokenFailure } from './token';

/** Orders a page of Query Order List holds; the sandbox's maximum, and the guide names none. */
const ORDER_PAGE_SIZE = 100;
/** [RECON] The Request Structure example sends `sort=id`. Reconciliation never relies on the order it gives. */
const ORDER_SORT = 'id';

const NOT_SENT = 'The order was not sent: no Partner API access token could be had. ';

function failureOf(err: unknown, prefix = ''): PlacementFailure {
  if (!(err instanceof PartnerApiError)) {
    return {
      code: 'unexpected_error',
      detailMessage: `${prefix}${err instanceof Error ? err.message : err}`,
    };
  }
  return {
    code: err.code,
    detailMessage: `${prefix}${err.detailMessage || err.message}`,
    ...(err.requestId && { apiRequestId: err.requestId }),
    ...(err.httpStatus !== undefined && { httpStatus: err.httpStatus }),
    ...(err.field && { field: err.field }),
  };
}

/** Empty strings are the client's "not given"; the workflow's types leave them out. */
function given(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function listed(info: OrderInfo): ListedOrder {
  return {
    orderNo: info.orderNo,
    orderId: info.id,
    orderStatus: info.orderStatus,
    ...(given(info.transactionNo) && { transactionNo: info.transactionNo }),
    ...(given(info.instanceId) && { instanceId: info.instanceId }),
    ...(info.productId !== undefined && { productId: info.productId }),
    ...(info.poNumber !== undefined && { poNumber: info.poNumber }),
    ...(info.customReferenceNo !== undefined && { customReferenceNo: info.customReferenceNo }),
  };
}

/** The workflow's `PartnerOrders` port over the Partner API client: deadlines in, outcomes out. */
export class PartnerApiOrders implements PartnerOrders {
  /** `observePlacement`: told of each Create an Order attempt, its outcome and duration (metrics). */
  constructor(
    private readonly client: PartnerApiClient,
    private readonly observePlacement: (outcome: PlaceOutcome['kind'], seconds: number) => void = () =>
      undefined,
  ) {}

  async prepare(deadline: Deadline): Promise<{ ok: true } | { ok: false; failure: PlacementFailure }> {
    try {
      await this.client.prepareToken({ timeoutMs: deadline.remainingMs() });
      return { ok: true };
    } catch (err) {
      return {
        ok: false,
        failure: failureOf(err, NOT_SENT),
      };
    }
  }

  async place(orderBody: string, deadline: Deadline): Promise<PlaceOutcome> {
    const started = performance.now();
    const outcome = await this.attempt(orderBody, deadline);
    this.observePlacement(outcome.kind, (performance.now() - started) / 1000);
    return outcome;
  }

  private async attempt(orderBody: string, deadline: Deadline): Promise<PlaceOutcome> {
    try {
      const result = await this.client.createOrder(orderBody, { timeoutMs: deadline.remainingMs() });
      const order = {
        orderNo: result.orderNo,
        orderStatus: result.orderStatus,
        ...(result.orderId && { orderId: result.orderId }),
        ...(given(result.transactionNo) && { transactionNo: result.transactionNo }),
        ...(given(result.instanceId) && { instanceId: result.instanceId }),
      };
      return { kind: 'placed', order };
    } catch (err) {
      // Without a token the order was never sent (after a 401 the API had refused the first send).
      if (isTokenFailure(err)) return { kind: 'refused', failure: failureOf(err, NOT_SENT) };
      if (!isOutcomeUnknown(err)) return { kind: 'refused', failure: failureOf(err) };
      return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) };
    }
  }

  async listOrders(pageNo: number, deadline: Deadline): Promise<OrderPage> {
    const page = await this.client.listOrders(
      { pageNo, pageSize: ORDER_PAGE_SIZE, sort: ORDER_SORT },
      { timeoutMs: deadline.remainingMs() },
    );
    return { orders: page.results.map(listed), last: pageNo >= page.totalPage };
  }

  async getOrder(orderNo: string, deadline: Deadline): Promise<ListedOrder | undefined> {
    try {
      const detail = await this.client.getOrder(orderNo, { timeoutMs: deadline.remainingMs() });
      const productId = Number(detail.basicInformation.productId);
      return {
        ...listed(detail.orderInformation),
        ...(Number.isSafeInteger(productId) && productId > 0 && { productId }),
      };
    } catch (err) {
      if (err instanceof PartnerApiNotFoundError) return undefined;
      throw err;
    }
  }
}
