import { type Command, type Scenario, scenariosFor, serialNumberSchema } from '../../../catalog';
import {
  type RequestModalMeta,
  withProduct,
  withScenario,
  withSerialNumber,
} from '../../views/request-modal';

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Every word the person typed appears in the row's product name or label (case-insensitive, partial words too). */
function matches(scenario: Scenario, query: readonly string[]): boolean {
  const haystack = words(`${scenario.productName} ${scenario.label}`);
  return query.every((word) => haystack.some((candidate) => candidate.includes(word)));
}

function onlyProduct(rows: readonly Scenario[]): number | undefined {
  const products = new Set(rows.map((row) => row.productId));
  const [productId] = products;
  return products.size === 1 ? productId : undefined;
}

/**
 * What the text after `/renew` or `/purchase` pre-fills, without asking the Partner API (the modal must
 * open first): a product named loosely ("turnkey", "rm premium"), or a PBX serial number, which picks
 * the one product of the command sold per device. Anything ambiguous or unknown is left for the modal.
 */
export function prefillFromText(command: Command, text: string, base: RequestModalMeta): RequestModalMeta {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const serialNumber = tokens
    .map((t) => t.toUpperCase())
    .find((t) => serialNumberSchema.safeParse(t).success);
  const query = tokens.filter((t) => t.toUpperCase() !== serialNumber).flatMap(words);
  const rows = scenariosFor(command);
  const named = query.length > 0 ? rows.filter((row) => matches(row, query)) : [];
  const perDevice = serialNumber
    ? rows.filter((row) => row.fields.some((f) => f.name === 'serialNumber'))
    : [];
  const candidates =
    named.length > 0 && perDevice.length > 0
      ? named.filter((r) => perDevice.includes(r))
      : [...named, ...perDevice];
  const productId = onlyProduct(candidates);
  const row = rows.find((r) => r.productId === productId);
  if (productId === undefined || row === undefined) return base;
  let meta = withProduct(base, productId, row.productName);
  const chosen = candidates.filter((r) => r.productId === productId);
  if (meta.scenarioId === undefined && chosen.length === 1 && chosen[0])
    meta = withScenario(meta, chosen[0].id);
  if (serialNumber && perDevice.some((r) => r.productId === productId))
    meta = withSerialNumber(meta, serialNumber);
  return meta;
}
