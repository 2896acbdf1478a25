import type { OrderRequest } from '../../src/orders/model';
import { type PartnerApiSandbox, startPartnerApiSandbox } from '../../src/sandbox/partner-api';
import {
  type AppInstance,
  databasesUnderTest,
  manualClock,
  RecordingNotifier,
  startInstance,
  submittedRequest,
  TEST_TIMING,
} from './harness';
import { APPROVER, caseFor, REQUESTER } from './support';

/**
 * Requests nobody decides: recovery reminds their approvers after REMINDER_AFTER, at most REMINDER_MAX
 * times, and expires them after EXPIRE_AFTER, exactly once however many workers run, on a clock the test
 * moves.
 */

const HOUR = 3_600_000;
const { reminderAfterMs, expireAfterMs, maxReminders } = TEST_TIMING;
const YCM = caseFor('renew-ycm-white-label');

describe.each(databasesUnderTest())('pending requests on $name', ({ backend, replicas }) => {
  let sandbox: PartnerApiSandbox;
  let clock: ReturnType<typeof manualClock>;
  const apps: AppInstance[] = [];

  beforeEach(async () => {
    sandbox = await startPartnerApiSandbox();
    clock = manualClock();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await sandbox.close();
  });
  afterAll(() => backend.cleanup());

  async function instance(url: string, notifier?: RecordingNotifier) {
    const app = await startInstance(url, sandbox, { clock: clock.now, ...(notifier && { notifier }) });
    apps.push(app);
    return app;
  }

  async function audit(app: AppInstance, request: OrderRequest, action: string) {
    return (await app.store.requests.audit(request.id)).filter((e) => e.action === action);
  }

  it('when a request waits, then its approvers are reminded after the interval, again after each reminder, at most the maximum, and nothing else happens', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await submittedRequest(app, YCM);
    const reminders = () => app.notifier.told.filter((t) => t.step === 'reminder');

    clock.advance(reminderAfterMs - 1);
    await app.recovery().runOnce();
    expect(reminders()).toEqual([]);

    clock.advance(1);
    const run = await app.recovery().runOnce();
    expect(run.changed.map((r) => [r.id, r.reminded?.count])).toEqual([[request.id, 1]]);
    await app.recovery().runOnce();
    expect(reminders()).toHaveLength(1);

    for (let i = 0; i < 5; i++) {
      clock.advance(reminderAfterMs);
      await app.recovery().runOnce();
    }
    expect(reminders()).toHaveLength(maxReminders);
    expect(await audit(app, request, 'reminded')).toEqual([
      expect.objectContaining({ actor: 'system', from: 'pending_approval', reason: 'reminder 1 of 2' }),
      expect.objectContaining({ actor: 'system', from: 'pending_approval', reason: 'reminder 2 of 2' }),
    ]);
    expect((await app.store.requests.get(request.id))?.state).toBe('pending_approval');
    expect(sandbox.orders()).toEqual([]);
  });

  it('when a request is decided, then no reminder follows and it never expires', async () => {
    const app = await instance(await backend.freshUrl());
    const rejected = await submittedRequest(app, YCM);
    const approved = await submittedRequest(app, YCM);
    await app.workflow.reject(rejected.id, APPROVER, 'not now');
    await app.workflow.approve(approved.id, APPROVER);

    clock.advance(expireAfterMs * 2);
    await expect(app.recovery().runOnce()).resolves.toEqual({ changed: [], skipped: 0 });

    expect(app.notifier.told.filter((t) => t.step === 'reminder')).toEqual([]);
    expect((await app.store.requests.get(rejected.id))?.state).toBe('rejected');
    expect((await app.store.requests.get(approved.id))?.state).toBe('placed');
  });

  it('when a request waits past the expiry, then it expires once, is stamped and its requester told, and can no longer be approved', async () => {
    const app = await instance(await backend.freshUrl());
    const request = await submittedRequest(app, YCM);

    clock.advance(expireAfterMs);
    const run = await app.recovery().runOnce();
    await app.recovery().runOnce();

    expect(run.changed.map((r) => [r.id, r.state])).toEqual([[request.id, 'expired']]);
    expect(app.notifier.told.filter((t) => t.request.id === request.id).map((t) => t.step)).toEqual([
      'submitted',
      'decided',
      'outcome',
    ]);
    expect(await audit(app, request, 'expire')).toEqual([
      expect.objectContaining({ actor: 'system', from: 'pending_approval', to: 'expired' }),
    ]);
    // Expiry comes before a reminder that is due at the same time.
    expect(app.notifier.told.filter((t) => t.step === 'reminder')).toEqual([]);

    const click = await app.workflow.approve(request.id, APPROVER);
    expect(click).toMatchObject({ ok: false, reason: 'already_decided', request: { state: 'expired' } });
    const cancel = await app.workflow.cancel(request.id, REQUESTER);
    expect(cancel).toMatchObject({ ok: false, reason: 'already_decided' });
    expect(sandbox.orders()).toEqual([]);
  });

  it('when two workers follow up the same requests at once, then each reminder is counted once and each request expires once', async () => {
    const url = await backend.freshUrl();
    // One outbox holds what both instances queue: a reminder asked for twice is queued once, as there.
    const outbox = new RecordingNotifier();
    const a = await instance(url, outbox);
    const b = replicas > 1 ? await instance(url, outbox) : a;
    const requests = await Promise.all([1, 2, 3, 4].map(() => submittedRequest(a, YCM)));

    clock.advance(reminderAfterMs);
    await Promise.all([a.recovery().runOnce(), b.recovery().runOnce(), a.recovery().runOnce()]);
    clock.advance(expireAfterMs);
    await Promise.all([a.recovery().runOnce(), b.recovery().runOnce(), a.recovery().runOnce()]);

    for (const request of requests) {
      expect(await audit(a, request, 'reminded')).toHaveLength(1);
      expect(await audit(a, request, 'expire')).toHaveLength(1);
      expect(outbox.told.filter((t) => t.request.id === request.id).map((t) => t.step)).toEqual([
        'submitted',
        'reminder',
        'decided',
        'outcome',
      ]);
    }
  });

  it('when an instance stops after queuing a reminder but before counting it, then a restarted one queues the same reminder (once) and counts it', async () => {
    const url = await backend.freshUrl();
    const outbox = new RecordingNotifier();
    const before = await instance(url, outbox);
    const request = await submittedRequest(before, YCM);
    clock.advance(reminderAfterMs);
    // What the stopped instance got to do: the reminder is queued, not counted.
    await outbox.reminder(request, 1);
    await before.close();
    apps.splice(apps.indexOf(before), 1);

    const after = await instance(url, outbox);
    await after.recovery().runOnce();
    clock.advance(HOUR);
    await after.recovery().runOnce();

    expect(outbox.told.filter((t) => t.step === 'reminder')).toHaveLength(1);
    expect((await after.store.requests.get(request.id))?.reminded).toEqual({
      count: 1,
      at: new Date(clock.now().getTime() - HOUR),
    });
  });

  it('when the reminder cannot be queued, then it is not counted, and the next run sends it', async () => {
    const outbox = new RecordingNotifier();
    const app = await instance(await backend.freshUrl(), outbox);
    const request = await submittedRequest(app, YCM);
    clock.advance(reminderAfterMs);
    const reminder = outbox.reminder.bind(outbox);
    outbox.reminder = async () => {
      throw new Error('database unreachable');
    };

    await app.recovery().runOnce();
    expect((await app.store.requests.get(request.id))?.reminded).toBeUndefined();

    outbox.reminder = reminder;
    await app.recovery().runOnce();
    expect((await app.store.requests.get(request.id))?.reminded?.count).toBe(1);
    expect(outbox.told.filter((t) => t.step === 'reminder')).toHaveLength(1);
  });
});
