export { type BuildOptions, buildOrderBody, type OrderBodyText, orderBodyText } from './order-body';
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
  type OrderField,
  type QuantityFact,
  type QuantityField,
  type QuantityRule,
  type Scenario,
  type TextField,
} from './scenario';
export { getScenario, SCENARIOS, scenariosFor, scenariosForProduct } from './scenarios';
