import type { OrderRequest } from '../../src/orders/model';
import { amountAbove } from '../../src/orders/price';
import { secondApprovalReason } from '../../src/orders/second-approval';

/** Which requests need a second approver, as the rules read what the request holds. */

function request(details: Record<string, unknown>, scenarioId = 'purchase-rm-premium'): OrderRequest {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    reference: 'YOD-ABCDEFGHJK',
    state: 'pending_approval',
    requesterId: 'UREQUESTER',
    scenarioId,
    details,
    slack: {},
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}
const priced = (amount: string, currency = 'USD') => ({ price: { status: 'read', amount, currency } });
const LIMIT = { productIds: [], aboveAmount: { amount: '1000', currency: 'USD' } };

test.each([
  ['999.99', 'USD', undefined],
  ['1000.00', 'USD', undefined],
  ['1000.01', 'USD', 'more than USD 1000'],
  ['5', 'EUR', 'its price cannot be compared with the USD 1000 limit'],
])(
  'when the order costs %s %s against a USD 1000 limit, then a second approval is %p',
  (amount, currency, why) => {
    expect(secondApprovalReason(request(priced(amount, currency)), LIMIT)).toBe(why);
  },
);

test('when Yeastar gave no price, then a limit on amounts asks for a second approval', () => {
  expect(secondApprovalReason(request({ price: { status: 'unavailable' } }), LIMIT)).toBe(
    'its price cannot be compared with the USD 1000 limit',
  );
  expect(secondApprovalReason(request({}), { productIds: [] })).toBeUndefined();
});

test('when a product or a quantity is over its rule, then a second approval is needed', () => {
  expect(secondApprovalReason(request({ quantity: 5 }), { productIds: [20] })).toBe(
    'this product needs two approvals',
  );
  expect(secondApprovalReason(request({ quantity: 101 }), { productIds: [], aboveQuantity: 100 })).toBe(
    'more than 100 units need two approvals',
  );
  expect(
    secondApprovalReason(request({ quantity: 100 }), { productIds: [], aboveQuantity: 100 }),
  ).toBeUndefined();
});

test('when amounts have different decimals, then they compare exactly', () => {
  expect(amountAbove('1000.1', '1000.09')).toBe(true);
  expect(amountAbove('0.30', '0.3')).toBe(false);
  expect(amountAbove('12345678901234567890.01', '12345678901234567890')).toBe(true);
});
