import { getScenario } from '../catalog';
import type { OrderRequest } from './model';

/**
 * When a request needs a second approver, as the partner configures it: for chosen products, or above a
 * quantity. Two different approvers must approve such a request before it is ordered.
 */
export interface SecondApprovalRules {
  /** Product IDs (the catalog's) whose orders need two approvals. */
  productIds: readonly number[];
  /** Orders of more than this many units (extensions, connections…) need two approvals. */
  aboveQuantity?: number;
}

export const NO_SECOND_APPROVAL: SecondApprovalRules = { productIds: [] };

/** Why this request needs a second approval ("for this product", "for more than 100"), or undefined. */
export function secondApprovalReason(request: OrderRequest, rules: SecondApprovalRules): string | undefined {
  const productId = getScenario(request.scenarioId)?.productId;
  if (productId !== undefined && rules.productIds.includes(productId))
    return 'this product needs two approvals';
  const quantity = request.details.quantity;
  if (rules.aboveQuantity !== undefined && typeof quantity === 'number' && quantity > rules.aboveQuantity) {
    return `more than ${rules.aboveQuantity} units need two approvals`;
  }
  return undefined;
}
