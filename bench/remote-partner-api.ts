import type { RecordedOrder } from '../src/sandbox/partner-api';
import type { FaultState } from '../src/sandbox/partner-api/faults';

/** The Partner API sandbox as the load generator sees it: another process, driven by its `/__sandbox/` controls. */

export const TOKEN_PATH = '/auth/openapi/v1/oauth/token';
export const CREATE_ORDER_PATH = '/order/openapi/order/v1/save';
const PRODUCT_LIST_PATH = '/pricing/openapi/purchase/v1/product_list';
export const ORDER_DETAILS_PREFIX = '/order/openapi/order/v1/get/';

export interface CallCount {
  total: number;
  byPath: Record<string, number>;
}

export class RemotePartnerApi {
  constructor(readonly url: string) {}

  private async control<T>(path: string, body?: unknown): Promise<T> {
    const init =
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(`${this.url}/__sandbox/${path}`, init);
    const envelope = (await response.json()) as { result?: T; detailMessage?: string };
    if (!response.ok)
      throw new Error(`bench: sandbox ${path} answered ${response.status} ${envelope.detailMessage ?? ''}`);
    return envelope.result as T;
  }

  faults(switches: Partial<FaultState> & { clear?: boolean }): Promise<FaultState> {
    return this.control('faults', switches);
  }

  /** API calls received from `from` up to (not including) `to`, epoch ms. */
  calls(from: number, to?: number): Promise<CallCount> {
    return this.control(`calls?from=${from}${to === undefined ? '' : `&to=${to}`}`);
  }

  async orders(): Promise<RecordedOrder[]> {
    const listed = await this.control<Array<RecordedOrder & { createdAt: string }>>('orders');
    return listed.map((o) => ({ ...o, createdAt: new Date(o.createdAt) }));
  }

  /** A Partner API call without a token: the sandbox refuses it after its latency, like any other answer. */
  async unauthorisedCall(): Promise<void> {
    const response = await fetch(`${this.url}${PRODUCT_LIST_PATH}`, { headers: { 'user-agent': 'bench' } });
    await response.arrayBuffer();
  }

  pay(orderNo: string): Promise<unknown> {
    return this.control('pay', { orderNo });
  }
}

/** Calls of paths starting with `prefix` (Get Order Details names the order in its path). */
export function callsUnder(count: CallCount, prefix: string): number {
  return Object.entries(count.byPath)
    .filter(([path]) => path.startsWith(prefix))
    .reduce((sum, [, n]) => sum + n, 0);
}
