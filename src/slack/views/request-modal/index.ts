/** The /renew and /purchase request modal: what it remembers, how it is drawn, and how it is read back. */
export {
  type EnteredOrderField,
  errorInput,
  FIELD_INPUTS,
  fieldBlockId,
  inputBlockId,
  type ModalInput,
} from './block-ids';
export { buildRequestModal, holdingOptionText, OWN_ACCOUNT_VALUE, ownAccountLabel } from './build';
export {
  chosenScenario,
  offerFilterOf,
  ownerOf,
  parseModalMeta,
  productScenarios,
  type RequestModalMeta,
  requestModalMetaSchema,
  withCustomer,
  withHolding,
  withProduct,
  withScenario,
  withSerial,
} from './meta';
export { type Entry, type RequestForm, readRequestForm } from './read';
export { resubmitMeta } from './resubmit';
