import type { App } from '@slack/bolt';
import type { Logger } from '../logger';
import type { OrderWorkflow } from '../orders';
import { registerRenewExpiringAction } from './listeners/actions/renew-expiring';
import { registerRequestFormActions } from './listeners/actions/request-form';
import { registerResubmitAction } from './listeners/actions/resubmit';
import { registerCommandListeners } from './listeners/commands';
import { registerOptionsListeners } from './listeners/options';
import { registerRequestSubmission } from './listeners/views/request-submission';
import type { PartnerLists } from './options/partner-lists';

export interface RequestFlowDeps {
  logger: Logger;
  lists: PartnerLists;
  workflow: Pick<OrderWorkflow, 'submit' | 'mayResubmit'>;
  /** Orders go to the built-in sandbox: the modal says so. */
  sandbox?: boolean;
  /** The reseller's own account, as the customer list names it ("Our own account (…)"). */
  ownAccount?: string;
}

/** The request side of the app: /renew and /purchase, the modal's dropdowns, its submission, and resubmission. */
export function registerRequestListeners(app: App, deps: RequestFlowDeps): void {
  registerCommandListeners(app, deps);
  registerOptionsListeners(app, deps);
  registerRequestFormActions(app, deps);
  registerRequestSubmission(app, deps);
  registerResubmitAction(app, deps);
  registerRenewExpiringAction(app, deps);
}
