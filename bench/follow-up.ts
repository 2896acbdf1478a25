import { join } from 'node:path';
import { playRequest, TUTORIAL_PLAYS } from '../src/demo';
import type { Harness } from './harness';
import { APPROVALS, APPROVER } from './people';
import { callsUnder, ORDER_DETAILS_PREFIX } from './remote-partner-api';
import { poll } from './remote-slack';

/**
 * What following a pending order costs: the app looks up an order that is not final after each recovery
 * interval, each pause twice the last, up to an hour (src/orders/workflow.ts followOrder). Calls per hour
 * are computed from that schedule at the default interval; a short run with the interval at its minimum
 * (100 ms) counts the Get Order Details calls the sandbox received, against the same schedule.
 */

/** RECOVERY_INTERVAL_MS's default (src/config.ts) and the longest pause (src/index.ts). */
export const DEFAULT_RECOVERY_INTERVAL_MS = 30_000;
const MAX_CHECK_INTERVAL_MS = 3_600_000;
const MEASURED_INTERVAL_MS = 100;

export interface FollowUpResult {
  measured: { intervalMs: number; seconds: number; orders: number; callsPerOrder: number; scheduled: number };
  /** At the default interval: checks in an order's first hour pending, and per hour once the pause is an hour. */
  perHour: { firstHour: number; steady: number };
}

/** Checks due within `horizonMs` of placement: the first at once, then after pauses of interval × 2^n, capped. */
export function scheduledChecks(
  intervalMs: number,
  horizonMs: number,
  maxMs = MAX_CHECK_INTERVAL_MS,
): number {
  let at = 0;
  let checks = 0;
  while (at <= horizonMs) {
    at += Math.min(maxMs, intervalMs * 2 ** checks);
    checks += 1;
  }
  return checks;
}

export async function runFollowUp(h: Harness, dir: string): Promise<FollowUpResult> {
  const { profile, users, slack, partner } = h;
  await partner.faults({ pendingOrders: true });
  const app = await h.startApp(`sqlite:${join(dir, 'follow-up.sqlite')}`, {
    RECOVERY_INTERVAL_MS: String(MEASURED_INTERVAL_MS),
  });
  try {
    const driver = h.driver(app, []);
    const placedAt: number[] = [];
    for (let i = 0; i < profile.pendingOrders; i++) {
      const before = (await slack.messages(APPROVALS)).length;
      const play = TUTORIAL_PLAYS['renew-ycm-white-label'];
      await playRequest(driver, users[i]?.id ?? '', {
        ...play,
        choices: { ...play.choices, po_number: `PENDING-${i}` },
      });
      const approval = await poll(
        async () => (await slack.messages(APPROVALS))[before],
        'the approval message',
      );
      const replied = await driver.sendRaw(await driver.clickBody(APPROVER, approval, 'approve_request'));
      if (replied.status !== 200) throw new Error('bench: the approval of a pending order was refused');
      placedAt.push(Date.now());
    }
    const from = Math.min(...placedAt);
    await new Promise((resolve) => setTimeout(resolve, profile.followSeconds * 1000));
    const lookups = callsUnder(await partner.calls(from), ORDER_DETAILS_PREFIX);
    return {
      measured: {
        intervalMs: MEASURED_INTERVAL_MS,
        seconds: profile.followSeconds,
        orders: placedAt.length,
        callsPerOrder: lookups / placedAt.length,
        scheduled: scheduledChecks(MEASURED_INTERVAL_MS, profile.followSeconds * 1000),
      },
      perHour: {
        firstHour: scheduledChecks(DEFAULT_RECOVERY_INTERVAL_MS, 3_600_000),
        steady: 1,
      },
    };
  } finally {
    await app.stop();
    await partner.faults({ pendingOrders: false });
  }
}
