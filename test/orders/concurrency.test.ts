import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type AppInstance, databasesUnderTest, startInstance, submittedRequest } from './harness';
import { APPROVER, caseFor, GROUP_MEMBER } from './support';

const CLICKS = 50;
const SAVE_PATH = '/order/openapi/order/v1/save';

describe.each(databasesUnderTest())('concurrent approvals on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  let first: AppInstance;
  let apps: AppInstance[];

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    // On PostgreSQL, two app instances with their own connections to one database, as with two replicas.
    const url = await backend.freshUrl();
    first = await startInstance(url, sandbox);
    apps = [first];
    while (apps.length < replicas) apps.push(await startInstance(url, sandbox));
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  it(`when ${CLICKS} approvals of one request race with recovery on every instance, then exactly one approval and one order happen, told once`, async () => {
    const request = await submittedRequest(first, caseFor('renew-rm-premium'));
    const instanceFor = (i: number) => apps[i % apps.length] ?? first;
    const approverFor = (i: number) => (i % 3 === 0 ? GROUP_MEMBER : APPROVER);

    const [decisions] = await Promise.all([
      Promise.all(
        Array.from({ length: CLICKS }, (_, i) => instanceFor(i).workflow.approve(request.id, approverFor(i))),
      ),
      ...apps.map((app) => app.recovery().runOnce()),
    ]);

    expect(decisions.filter((d) => d.ok)).toHaveLength(1);
    expect(decisions.filter((d) => !d.ok && d.reason === 'already_decided')).toHaveLength(CLICKS - 1);
    const trail = await first.store.requests.audit(request.id);
    expect(trail.filter((e) => e.to === 'approved')).toHaveLength(1);
    expect(trail.filter((e) => e.action === 'approve' && e.to === undefined)).toHaveLength(CLICKS - 1);
    expect(trail.filter((e) => e.to === 'placing')).toHaveLength(1);

    expect(sandbox.orders()).toHaveLength(1);
    expect(sandbox.requestCount(SAVE_PATH)).toBe(1);
    await expect(apps.at(-1)?.store.requests.get(request.id)).resolves.toMatchObject({
      state: 'placed',
      order: { orderNo: sandbox.orders()[0]?.orderNo },
    });
    expect(apps.flatMap((app) => app.notifier.outcomes(request.id))).toEqual(['placed']);
  });
});
