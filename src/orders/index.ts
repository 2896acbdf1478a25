export * from './model';
export { OrderPlacer, type OrderPlacerDeps, type PlacementAttempt, SYSTEM_ACTOR } from './placement';
export {
  ApproverPolicy,
  type ApproverPolicyConfig,
  type CancelCheck,
  type DecideCheck,
  type UsergroupMembers,
} from './policy';
export { Reconciler, type ReconcilerDeps } from './reconciliation';
export { type RecoveryRun, RecoveryWorker, type RecoveryWorkerOptions } from './recovery';
export {
  type DecisionResult,
  MAX_REASON_LENGTH,
  OrderRequestService,
  type OrderRequestServiceDeps,
  type RefusalReason,
  type SubmitCommand,
} from './service';
