export type { CreateOrderBody } from '../yeastar/order-body';
export {
  type BuildOptions,
  buildOrderBody,
  type OrderBodyText,
  orderBodyText,
  type StoredOrderBody,
  storedOrderBody,
} from './order-body';
export {
  decimalIdSchema,
  type FieldErrors,
  NOTE_MAX_LENGTH,
  type OrderFacts,
  type OrderInput,
  orderInputSchema,
  PO_NUMBER_MAX_LENGTH,
  serialNumberSchema,
  type ValidationResult,
  validateOrderInput,
} from './request';
export {
  asksFor,
  type Billing,
  type Command,
  type CycleOption,
  type EnteredField,
  type FieldSpec,
  type IdField,
  type LineSpec,
  lineIdField,
  needsCurrentPlan,
  type OrderField,
  type PortalOnly,
  type QuantityFact,
  type QuantityField,
  type QuantityRule,
  type Scenario,
  type Term,
  type TextField,
} from './scenario';
export {
  getScenario,
  PORTAL_ONLY,
  portalOnlyFor,
  SCENARIOS,
  scenariosFor,
  scenariosForProduct,
} from './scenarios';
