import { prefillFromText } from '../../../../src/slack/listeners/commands/prefill';

const renew = { command: 'renew' as const, channelId: 'CGENERAL' };
const purchase = { command: 'purchase' as const, channelId: 'CGENERAL' };

describe('pre-filling the modal from the command text, before the Partner API is asked', () => {
  it('when the text is empty, then nothing is pre-filled', () => {
    expect(prefillFromText('renew', '  ', renew)).toEqual(renew);
  });

  it('when /purchase names a product loosely and in any case, then it is chosen with its only row', () => {
    expect(prefillFromText('purchase', 'REMOTE manag PREMium', purchase)).toEqual({
      ...purchase,
      productId: 20,
      productLabel: 'Remote Management Premium',
      scenarioId: 'purchase-rm-premium',
    });
  });

  it('when /renew names a product, then it is only preferred: what to renew depends on what the customer holds', () => {
    expect(prefillFromText('renew', 'turnkey', renew)).toEqual({ ...renew, productId: 14 });
  });

  it('when a serial number alone is given to /purchase, then the PBX is kept for the lookup, which tells its product', () => {
    expect(prefillFromText('purchase', '3631e0997265', purchase)).toEqual({
      ...purchase,
      serial: { value: '3631E0997265' },
    });
  });

  it('when a serial number comes with a product name, then both are chosen', () => {
    expect(prefillFromText('purchase', 'appliance 3631e0997265', purchase)).toEqual({
      ...purchase,
      productId: 11,
      productLabel: 'P-Series Plan for Appliance Edition',
      serial: { value: '3631E0997265' },
    });
  });

  it('when words name no product, then they are kept to be matched against the customers', () => {
    expect(prefillFromText('renew', 'Color Ltd', renew)).toEqual({ ...renew, pendingText: 'color ltd' });
    expect(prefillFromText('renew', 'rm premium Nordlys', renew)).toEqual({
      ...renew,
      productId: 21,
      pendingText: 'nordlys',
    });
  });

  it('when the words fit no single product, then they are all left for the customer list (which then says what matched)', () => {
    expect(prefillFromText('renew', 'premium turnkey', renew)).toEqual({
      ...renew,
      pendingText: 'premium turnkey',
    });
    expect(prefillFromText('purchase', 'cloud', purchase)).toEqual({ ...purchase, pendingText: 'cloud' });
  });
});
