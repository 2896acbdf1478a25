import { type OrderInput, validateOrderInput } from '../../src/catalog';
import { ApproverPolicy, type ApproverPolicyConfig } from '../../src/orders/policy';
import { scenarioById, TUTORIAL_CASES } from '../catalog/support';

export const REQUESTER = 'UREQUESTER';
export const APPROVER = 'UAPPROVER';
export const GROUP_MEMBER = 'UGROUPMEMBER';
export const STRANGER = 'USTRANGER';
export const APPROVER_GROUP = 'SAPPROVERS';

export type TutorialCase = (typeof TUTORIAL_CASES)[number];

/** A tutorial's values, validated by the catalog as the Slack layer would before submitting. */
export function tutorialInput(
  tutorialCase: TutorialCase,
  overrides: Record<string, unknown> = {},
): OrderInput {
  const result = validateOrderInput(scenarioById(tutorialCase.scenarioId), {
    ...tutorialCase.raw,
    ...overrides,
  });
  if (!result.ok) throw new Error(`tutorial values refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

export function caseFor(tutorial: TutorialCase['tutorial']): TutorialCase {
  const found = TUTORIAL_CASES.find((c) => c.tutorial === tutorial);
  if (!found) throw new Error(`no tutorial case ${tutorial}`);
  return found;
}

/** APPROVER is listed by ID, GROUP_MEMBER approves through the user group. */
export function testPolicy(config: Partial<ApproverPolicyConfig> = {}): ApproverPolicy {
  return new ApproverPolicy(
    { approverUserIds: [APPROVER], approverUsergroupId: APPROVER_GROUP, allowSelfApproval: false, ...config },
    async (groupId) => (groupId === APPROVER_GROUP ? [GROUP_MEMBER] : []),
  );
}
