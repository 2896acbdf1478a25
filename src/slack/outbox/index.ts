export { type BackoffPolicy, backoffDelay } from './backoff';
export { createOutboxClient, observedClient } from './client';
export { type DispatchRun, OutboxDispatcher, type OutboxDispatcherOptions } from './dispatcher';
export { MESSAGE_KINDS, type MessageKind } from './kinds';
export { classifySlackFailure, type SlackFailure } from './slack-failure';
export {
  type Delivery,
  type OutboxMessage,
  type Posted,
  SlackOutbox,
  type SlackOutboxOptions,
} from './slack-outbox';
