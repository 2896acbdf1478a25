export { Deadline } from './deadline';
export * from './model';
export {
  DEFAULT_OVERVIEW_LIMITS,
  DeskOverview,
  type DeskOverviewDeps,
  type Listing,
  type Overview,
  type OverviewLimits,
  type RequestQueries,
  type Waiting,
} from './overview';
export {
  type ApproverCheck,
  ApproverPolicy,
  type ApproverPolicyConfig,
  type CancelCheck,
  type DecideCheck,
  type UsergroupMembers,
} from './policy';
export type * from './ports';
export { DEFAULT_RECONCILIATION_LIMITS, type ReconciliationLimits } from './reconciliation';
export { type RecoveryRun, RecoveryWorker, type RecoveryWorkerOptions } from './recovery';
export {
  type DecisionResult,
  MAX_REASON_LENGTH,
  OrderWorkflow,
  type OrderWorkflowDeps,
  type RefusalReason,
  type SubmitCommand,
  type SubmitResult,
  type WorkflowTiming,
} from './workflow';
