import { prefillFromText } from '../../../../src/slack/listeners/commands/prefill';

const renew = { command: 'renew' as const, channelId: 'CGENERAL' };
const purchase = { command: 'purchase' as const, channelId: 'CGENERAL' };

describe('pre-filling the modal from the command text', () => {
  it('when the text is empty, then nothing is pre-filled', () => {
    expect(prefillFromText('renew', '  ', renew)).toEqual(renew);
  });

  it('when a product is named loosely and in any case, then it is chosen with its only row', () => {
    expect(prefillFromText('renew', 'YCM white', renew)).toEqual({
      ...renew,
      productId: 19,
      productLabel: 'Add-on Service',
      scenarioId: 'renew-ycm-white-label',
    });
  });

  it('when a product with several rows is named, then the product is chosen and the row left to ask', () => {
    expect(prefillFromText('renew', 'turnkey', renew)).toEqual({
      ...renew,
      productId: 14,
      productLabel: 'P-Series Turnkey Package',
    });
  });

  it("when the words single out one of a product's rows, then that row is chosen", () => {
    expect(prefillFromText('renew', 'turnkey service', renew)).toMatchObject({
      productId: 14,
      scenarioId: 'renew-turnkey-plan-and-service',
    });
  });

  it('when a serial number is given to /purchase, then the per-device product and the serial are chosen', () => {
    expect(prefillFromText('purchase', '3631e0997265', purchase)).toEqual({
      ...purchase,
      productId: 11,
      productLabel: 'P-Series Plan for Appliance Edition',
      scenarioId: 'purchase-appliance-plan',
      serialNumber: '3631E0997265',
    });
  });

  it('when the words fit no single row, or a serial is given to /renew, then nothing is pre-filled', () => {
    expect(prefillFromText('renew', 'premium turnkey', renew)).toEqual(renew);
    expect(prefillFromText('purchase', 'linkus', purchase)).toEqual(purchase);
    expect(prefillFromText('renew', '3631E0997265', renew)).toEqual(renew);
  });
});
