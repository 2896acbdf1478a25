import { asksFor, type Command, type Scenario, scenariosFor, serialNumberSchema } from '../../../catalog';
import { type RequestModalMeta, withProduct, withScenario } from '../../views/request-modal';
import { matchesAll, words } from './words';

const haystack = (row: Scenario) => words(`${row.productName} ${row.label}`);

/**
 * What the text after `/renew` or `/purchase` pre-fills before the modal opens, without asking the
 * Partner API: a product named loosely ("turnkey", "rm premium"), and a PBX serial number. What names
 * neither is kept to be matched against the customer list once the modal is open (see modal-refresh).
 */
export function prefillFromText(command: Command, text: string, base: RequestModalMeta): RequestModalMeta {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const serial = tokens.map((t) => t.toUpperCase()).find((t) => serialNumberSchema.safeParse(t).success);
  const rest = tokens.filter((t) => t.toUpperCase() !== serial).flatMap(words);
  const rows = scenariosFor(command);
  const productWords = rest.filter((w) => rows.some((row) => matchesAll(haystack(row), [w])));
  let named = rows.filter((row) => matchesAll(haystack(row), productWords));
  // A serial number alone names the PBX of the one per-device product, if the command has one; with
  // several, the PBX is looked up once the modal is open, and says which product it is.
  if (productWords.length === 0 && serial) named = rows.filter((row) => asksFor(row, 'serialNumber'));
  const products = new Set(named.map((row) => row.productId));
  const product = products.size === 1 ? named[0] : undefined;
  // Words that single out no product are left for the customer list, which may know them.
  const pending = (product ? rest.filter((w) => !productWords.includes(w)) : rest).join(' ');
  const found = {
    ...(serial ? { serial: { value: serial } } : {}),
    ...(pending ? { pendingText: pending.slice(0, 200) } : {}),
  };
  if (!product) return { ...base, ...found };
  // /renew: the product is a preference among what the customer turns out to hold.
  if (command === 'renew') return { ...base, ...found, productId: product.productId };
  if (serial && !asksFor(product, 'serialNumber')) return { ...base, ...found };
  const chosen = withProduct(base, product.productId, product.productName);
  const [row] = named;
  const withRow =
    chosen.scenarioId === undefined && named.length === 1 && row ? withScenario(chosen, row.id) : chosen;
  return { ...withRow, ...found };
}
