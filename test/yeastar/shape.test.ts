import { billingContactListSchema, instanceProductPageSchema, tokenSchema } from '../../src/yeastar/schemas';
import { compareWithSchema, describeDifference, shapeOf } from '../../src/yeastar/shape';

const CONTACT = {
  billingContactId: '3197218168379846218',
  firstName: 'Mia',
  lastName: 'Chen',
  emailAddress: 'accounts@harbortel.example',
};

describe('shapeOf', () => {
  test('when a list holds entries with different keys, then its shape merges them, and kinds stand in for values', () => {
    expect(
      shapeOf({
        result: [
          { id: 30n, name: 'a' },
          { id: 31n, note: null },
        ],
        ok: true,
      }),
    ).toEqual({
      result: [{ id: 'number', name: 'string', note: 'null' }],
      ok: 'boolean',
    });
  });

  test('when one field has different kinds in different entries, then both kinds are named', () => {
    expect(shapeOf([{ quantity: 3 }, { quantity: '3' }, { quantity: [] }])).toEqual([
      { quantity: 'array|number|string' },
    ]);
  });
});

describe('compareWithSchema', () => {
  test('when an answer has what the schema says, then there is no difference', () => {
    expect(compareWithSchema(billingContactListSchema, [CONTACT])).toEqual([]);
  });

  test('when an answer lacks an ID the app needs, has a key the guide lacks and a name of another kind, then each is named by path, only the ID as fatal', () => {
    const { billingContactId: _id, ...withoutId } = CONTACT;
    const differences = compareWithSchema(billingContactListSchema, [
      { ...withoutId, vatId: 'DE1', lastName: 7 },
      { ...CONTACT, vatId: 'DE2' },
    ]);

    expect(differences).toEqual([
      { path: 'result[].billingContactId', problem: 'missing', fatal: true },
      {
        path: 'result[].lastName',
        problem: 'type',
        detail: 'documented as string or null, got number',
        fatal: false,
      },
      { path: 'result[].vatId', problem: 'unexpected', fatal: false },
    ]);
    expect(differences.map(describeDifference).join('\n')).not.toMatch(/DE1|DE2|Mia|harbortel/);
  });

  test('when a page of instances has a count of another kind and an unreadable serial number, then the serial is fatal and the count tolerated', () => {
    const page = { totalPage: 1, count: '1', results: [{ productNo: 5, activationStatus: 'activated' }] };

    expect(compareWithSchema(instanceProductPageSchema, page)).toEqual([
      { path: 'result.count', problem: 'type', detail: 'documented as number, got string', fatal: false },
      {
        path: 'result.results[].productNo',
        problem: 'type',
        detail: 'documented as string, got number',
        fatal: true,
      },
    ]);
  });

  test('when the token answer lacks its refresh token, then that is tolerated: renewal uses the credentials', () => {
    expect(compareWithSchema(tokenSchema, { token: 't', tokenHead: 'Bearer', expiresIn: '1800' })).toEqual(
      [],
    );
  });
});
