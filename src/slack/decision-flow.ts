import type { App } from '@slack/bolt';
import { type DecisionActionDeps, registerDecisionActions } from './listeners/actions/decisions';
import { type DecisionModalDeps, registerDecisionModals } from './listeners/views/decision-modals';

/** Everything the approval side's listeners need: the workflow, and where to answer a refused click. */
export type DecisionFlowDeps = DecisionActionDeps & DecisionModalDeps;

/** The APPROVAL side: Approve / Reject / Cancel, the doubt buttons, and the modals they open. */
export function registerDecisionListeners(app: App, deps: DecisionFlowDeps): void {
  registerDecisionActions(app, deps);
  registerDecisionModals(app, deps);
}
