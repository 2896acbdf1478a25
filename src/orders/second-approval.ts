import { getScenario } from '../catalog';
import type { OrderRequest } from './model';
import { amountAbove, storedPrices } from './price';

/**
 * When a request needs a second approver, as the partner configures it: for chosen products, or above a
 * quantity. Two different approvers must approve such a request before it is ordered.
 */
export interface SecondApprovalRules {
  /** Product IDs (the catalog's) whose orders need two approvals. */
  productIds: readonly number[];
  /** Orders of more than this many units (extensions, connections…) need two approvals. */
  aboveQuantity?: number;
  /**
   * Orders that cost more than this need two approvals; so do those whose price cannot be compared with
   * it (Yeastar gave none, or in another currency): a limit must not be passed by not knowing the price.
   */
  aboveAmount?: { amount: string; currency: string };
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
  const limit = rules.aboveAmount;
  if (limit) {
    const price = storedPrices(request.details).price;
    if (price?.status !== 'read' || price.currency !== limit.currency) {
      return `its price cannot be compared with the ${limit.currency} ${limit.amount} limit`;
    }
    if (amountAbove(price.amount, limit.amount)) return `more than ${limit.currency} ${limit.amount}`;
  }
  return undefined;
}
