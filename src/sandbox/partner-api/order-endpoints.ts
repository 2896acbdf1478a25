import { parseJson } from '../../yeastar/json';
import { account } from './account';
import { ApiError, invalidParameter, notFound } from './envelope';
import type { FaultState } from './faults';
import type { StoredOrder } from './order-book';
import { validateOrder } from './order-rules';
import { paginate } from './query';
import type { Route, RouteContext } from './routes';

function parseBody(ctx: RouteContext): { text: string; body: unknown } {
  const contentType = ctx.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
  const text = ctx.body.toString('utf8');
  try {
    // Lossless: a 19-digit billingId or serviceId must reach the rules exactly as sent.
    return { text, body: parseJson(text) };
  } catch {
    throw invalidParameter('body', 'json', 'request body is not valid JSON');
  }
}

function createOrder(ctx: RouteContext) {
  const { text, body } = parseBody(ctx);
  const { recorded } = ctx.state.orders.place(validateOrder(body, ctx.faults), text, ctx.faults);
  return {
    instanceId: recorded.instanceId,
    orderId: recorded.orderId,
    orderNo: recorded.orderNo,
    orderStatus: recorded.orderStatus,
    productNo: recorded.productNo,
    transactionNo: recorded.transactionNo,
  };
}

/**
 * Order_Info; [RECON] poNumber is echoed (also as customReferenceNo) so a lost answer can be found.
 * `orderStatus`: the current one in Get Order Details, the list's own (it lags) in Query Order List.
 */
function orderInfo({ recorded }: StoredOrder, faults: Readonly<FaultState>, orderStatus: string) {
  const info = {
    id: recorded.orderId,
    orderNo: recorded.orderNo,
    orderStatus,
    createTime: recorded.createdAt.getTime(),
    currencyCode: 'USD',
    customReferenceNo: recorded.poNumber ?? '',
    invoiceNo: '',
    poNumber: recorded.poNumber ?? '',
    productId: recorded.productId,
    transactionNo: recorded.transactionNo,
    instanceId: recorded.instanceId,
    productNo: recorded.productNo,
  };
  if (!faults.omitListReferences) return info;
  // The docs never promised the references back: a client must cope with the keys absent, not just empty.
  const { customReferenceNo, poNumber, ...unreferenced } = info;
  return unreferenced;
}

function orderDetail(stored: StoredOrder, faults: Readonly<FaultState>) {
  const { order, recorded } = stored;
  return {
    basicInformation: {
      productId: String(recorded.productId),
      productName: order.product.name,
      productNo: recorded.productNo,
    },
    billingInformation: order.billingId === undefined ? {} : { ...account.contact(order.billingId) },
    orderInformation: orderInfo(stored, faults, recorded.orderStatus),
    orderSummary: {
      operationType: order.operationType,
      partnerId: order.partnerId ?? '',
      serviceList: order.lines,
    },
  };
}

export const orderRoutes: Route[] = [
  { method: 'POST', path: '/order/openapi/order/v1/save', placesOrder: true, handle: createOrder },
  {
    method: 'GET',
    path: '/order/openapi/order/v1/page',
    // Newest first, whatever `sort` names (the guide's example sends sort=id; ids grow with time).
    handle: ({ url, state, faults }) => {
      const shown = state.orders.listed().map((stored) => orderInfo(stored, faults, stored.listedStatus));
      return paginate(url, shown.reverse());
    },
  },
  {
    method: 'GET',
    path: /^\/order\/openapi\/order\/v1\/get\/([^/]+)$/,
    handle: ({ params: [id = ''], state, faults }) => {
      const stored = state.orders.find(id);
      if (!stored) throw notFound(`order ${id} was not found`);
      return orderDetail(stored, faults);
    },
  },
];
