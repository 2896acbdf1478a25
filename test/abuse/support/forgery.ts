import type { JsonObject } from '../../../src/sandbox/slack';
import {
  actionTs,
  messageActionPayload,
  viewActionPayload,
  viewSubmissionPayload,
} from '../../../src/sandbox/slack/payloads';
import { Workspace } from '../../../src/sandbox/slack/workspace';
import type { Harness } from '../../slack/support/e2e-harness';

/**
 * Payloads Slack would never send for that person: a button value or view metadata altered on the way.
 * They are correctly signed, so what is tested is the app's own checks, not the signature's.
 */

/** A click on a button of a real message, carrying whatever `value` the forger chose. */
export function forgedClick(
  h: Harness,
  userId: string,
  channel: string,
  ts: string,
  actionId: string,
  value: string,
) {
  const message = h.emulator.messages(channel).find((m) => m.ts === ts);
  if (!message) throw new Error(`no message ${ts} in ${channel}`);
  return h.driver.sendPayload(
    messageActionPayload({
      user: h.driver.person(userId),
      message,
      state: {},
      action: { type: 'button', action_id: actionId, block_id: 'forged', value, action_ts: actionTs() },
      triggerId: h.driver.issueTrigger(userId),
      responseUrl: `${h.emulator.url}/response/forged`,
    }),
  );
}

/** A click from the person's Home tab (as the app last published it) on a button it does not show them. */
export function forgedHomeClick(h: Harness, userId: string, actionId: string, value: string) {
  const home = h.emulator.home(userId);
  if (!home) throw new Error(`no Home tab published for ${userId}`);
  return h.driver.sendPayload(
    viewActionPayload(
      h.driver.person(userId),
      Workspace.render(home),
      { type: 'button', action_id: actionId, block_id: 'forged', value, action_ts: actionTs() },
      h.driver.issueTrigger(userId),
    ),
  );
}

/** A view_submission of `view` (e.g. a real modal's view with altered metadata), sent as `userId`. */
export function forgedSubmission(h: Harness, userId: string, view: JsonObject) {
  return h.driver.sendPayload(
    viewSubmissionPayload(h.driver.person(userId), view, h.driver.issueTrigger(userId)),
  );
}
