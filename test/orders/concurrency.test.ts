import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import { type AppInstance, databasesUnderTest, startInstance } from './harness';
import { APPROVER, caseFor, GROUP_MEMBER, REQUESTER, tutorialInput } from './support';

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

  it(`when ${CLICKS} approvals of one request race and every caller then places it, then exactly one approval and one order happen`, async () => {
    const input = tutorialInput(caseFor('renew-rm-premium'));
    const request = await first.service.submit({
      requesterId: REQUESTER,
      scenarioId: input.scenarioId,
      input,
    });
    const instanceFor = (i: number) => apps[i % apps.length] ?? first;
    const approverFor = (i: number) => (i % 3 === 0 ? GROUP_MEMBER : APPROVER);

    const decisions = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => instanceFor(i).service.approve(request.id, approverFor(i))),
    );
    const placements = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => instanceFor(i).placer.place(request.id)),
    );

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
    expect(placements.every((p) => p !== undefined)).toBe(true);
  });
});
