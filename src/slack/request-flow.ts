import type { App } from '@slack/bolt';
import type { Logger } from '../logger';
import type { OrderRequest } from '../orders/model';
import type { OrderRequestService } from '../orders/service';
import { registerRequestFormActions } from './listeners/actions/request-form';
import { registerCommandListeners } from './listeners/commands';
import { registerOptionsListeners } from './listeners/options';
import { registerRequestSubmission } from './listeners/views/request-submission';
import type { PartnerLists } from './options/partner-lists';

export interface RequestFlowDeps {
  logger: Logger;
  lists: PartnerLists;
  orders: OrderRequestService;
  /** Called right after a request is stored and the modal closed: posts it for approval (APPROVAL side implements). */
  onSubmitted(request: OrderRequest): Promise<void>;
}

/** The request side of the app: /renew and /purchase, the modal's dropdowns, and its submission. */
export function registerRequestListeners(app: App, deps: RequestFlowDeps): void {
  registerCommandListeners(app, deps);
  registerOptionsListeners(app, deps);
  registerRequestFormActions(app, deps);
  registerRequestSubmission(app, deps);
}
