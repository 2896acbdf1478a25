/**
 * Every callback_id, block_id and action_id the app uses, in one place: views build with them and
 * listeners match on them, so the two can never drift apart.
 */

/** The /renew and /purchase request modal. */
export const REQUEST_MODAL = {
  callbackId: 'order_request',
  /** Block IDs carry what the input depends on after `::` (see request-modal/block-ids.ts). */
  blocks: {
    customer: 'customer',
    holding: 'holding',
    product: 'product',
    scenario: 'scenario',
    plan: 'plan',
    service: 'service',
    serialNumber: 'serial_number',
    quantity: 'quantity',
    serviceQuantity: 'service_quantity',
    term: 'term',
    billingContact: 'billing_contact',
    poNumber: 'po_number',
    note: 'note',
  },
  actions: {
    customer: 'customer_select',
    holding: 'holding_select',
    product: 'product_select',
    scenario: 'scenario_select',
    plan: 'plan_select',
    service: 'service_select',
    serialNumber: 'serial_number_select',
    quantity: 'quantity_input',
    serviceQuantity: 'service_quantity_input',
    term: 'term_select',
    billingContact: 'billing_contact_select',
    poNumber: 'po_number_input',
    note: 'note_input',
  },
} as const;

/** Buttons on the approval message and on the requester's confirmation. */
export const DECISION_ACTIONS = {
  approve: 'approve_request',
  reject: 'reject_request',
  cancel: 'cancel_request',
} as const;

/** The requester's button on a request that ended without an order: the modal again, as it was. */
export const RESUBMIT_ACTION = 'resubmit_request';

/** "Renew" on a subscription the Home tab lists as expiring soon: the renewal modal, that holding chosen. */
export const RENEW_EXPIRING_ACTION = 'renew_expiring';

/** The Home tab's paging buttons under My requests and Waiting for my approval. */
export const HOME_PAGE_ACTIONS = { previous: 'home_page_previous', next: 'home_page_next' } as const;

/** The button that shows a request's audit trail, wherever the request is shown. */
export const HISTORY_ACTION = 'request_history';

/** Buttons of the thread reply that asks approvers to settle a request in doubt. */
export const DOUBT_ACTIONS = {
  placed: 'doubt_was_placed',
  notPlaced: 'doubt_not_placed',
} as const;

/** The modal that asks an approver for the order number of an order they found in the Partner Portal. */
export const ORDER_NUMBER_MODAL = {
  callbackId: 'doubt_order_number',
  blocks: { orderNo: 'order_no' },
  actions: { orderNo: 'order_no_input' },
} as const;

/** The modal that asks an approver why they reject. */
export const REJECT_MODAL = {
  callbackId: 'reject_reason',
  blocks: { reason: 'reason' },
  actions: { reason: 'reason_input' },
} as const;
