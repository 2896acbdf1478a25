import type { App } from '@slack/bolt';
import { type DecisionActionDeps, registerDecisionActions } from './listeners/actions/decisions';
import { registerRejectReason } from './listeners/views/reject-reason';

/** Everything the approval side's listeners need: the orders services and the notifier. */
export type DecisionFlowDeps = DecisionActionDeps;

/** The APPROVAL side: Approve / Reject / Cancel buttons and the reject-reason modal. */
export function registerDecisionListeners(app: App, deps: DecisionFlowDeps): void {
  registerDecisionActions(app, deps);
  registerRejectReason(app, deps);
}
