import { judge, type Search, sentPoNumber } from '../../src/orders/evidence';
import type { KnownOrder, ListedOrder } from '../../src/orders/ports';

/** What a read of Query Order List proves about one request's order, and what it cannot. */

const SOUGHT = { reference: 'YOD-SOUGHT0001', poNumber: 'PO-77 / YOD-SOUGHT0001' };
const KNOWN: KnownOrder = {
  orderNo: 'TY-KNOWN',
  reference: 'YOD-KNOWN00001',
  orderBody: '{"billingId":3197218168379846218,"poNumber":"YOD-KNOWN00001"}',
};

function order(
  orderNo: string,
  references: Partial<Pick<ListedOrder, 'poNumber' | 'customReferenceNo'>>,
): ListedOrder {
  return { orderNo, orderStatus: 'succeed', ...references };
}

const known = order('TY-KNOWN', { poNumber: 'YOD-KNOWN00001', customReferenceNo: 'YOD-KNOWN00001' });
const stranger = order('TY-PORTAL', { poNumber: '', customReferenceNo: '' });
const complete = (...orders: ListedOrder[]): Search => ({ orders, complete: true });

describe('judge', () => {
  it('when an order shows the sent poNumber, or the reference inside another text, then it is found', () => {
    const exact = order('TY-1', { poNumber: 'PO-77 / YOD-SOUGHT0001' });
    const inside = order('TY-2', { customReferenceNo: 'ref YOD-SOUGHT0001 (trimmed)' });

    expect(judge({ orders: [stranger, exact], complete: false }, SOUGHT, [])).toEqual({
      kind: 'found',
      order: exact,
    });
    expect(judge(complete(inside), SOUGHT, [])).toEqual({ kind: 'found', order: inside });
  });

  it('when the whole list was read, every entry shows its reference, and a known order echoes what was sent, then absence is proven', () => {
    expect(judge(complete(stranger, known), SOUGHT, [KNOWN])).toEqual({ kind: 'absent' });
  });

  it('when the list was not read to its end, then nothing is proven', () => {
    expect(judge({ orders: [stranger, known], complete: false }, SOUGHT, [KNOWN])).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/whole order list/),
    });
  });

  it('when the list leaves the reference fields out, then absence is never believed, however complete the list', () => {
    const bare = { orderNo: 'TY-KNOWN', orderStatus: 'succeed' };

    expect(judge(complete(bare, { orderNo: 'TY-X', orderStatus: 'succeed' }), SOUGHT, [KNOWN])).toMatchObject(
      {
        kind: 'unknown',
        reason: expect.stringMatching(/does not show the PO number/),
      },
    );
  });

  it('when no order the app placed is in the list, then the echo was never seen and absence is unproven', () => {
    expect(judge(complete(stranger), SOUGHT, [KNOWN])).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/has not seen/),
    });
    expect(judge(complete(), SOUGHT, [])).toMatchObject({ kind: 'unknown' });
  });

  it('when a known order is listed without what was sent, then the echo is broken and absence is unproven', () => {
    const blanked = order('TY-KNOWN', { poNumber: '', customReferenceNo: '' });

    expect(judge(complete(stranger, blanked), SOUGHT, [KNOWN])).toMatchObject({ kind: 'unknown' });
  });

  it('when only one field echoes, then that field is enough', () => {
    const viaCustomRef = order('TY-KNOWN', { poNumber: '', customReferenceNo: 'YOD-KNOWN00001' });

    expect(judge(complete(stranger, viaCustomRef), SOUGHT, [KNOWN])).toEqual({ kind: 'absent' });
  });

  it('when a known order was placed before bodies were kept, then its reference alone tells the echo', () => {
    const legacy: KnownOrder = { orderNo: 'TY-KNOWN', reference: 'YOD-KNOWN00001' };

    expect(judge(complete(stranger, known), SOUGHT, [legacy])).toEqual({ kind: 'absent' });
  });
});

describe('sentPoNumber', () => {
  it('when read from the bytes sent, then it is the poNumber exactly, or undefined when there is none', () => {
    expect(sentPoNumber('{"billingId":3197218168379846218,"poNumber":"PO-1 / YOD-A"}')).toBe('PO-1 / YOD-A');
    expect(sentPoNumber('{"billingId":1}')).toBeUndefined();
    expect(sentPoNumber(undefined)).toBeUndefined();
  });
});
