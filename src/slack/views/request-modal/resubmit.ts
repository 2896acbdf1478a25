import { getScenario } from '../../../catalog';
import type { OrderRequest } from '../../../orders/model';
import { truncate } from '../../mrkdwn';
import { MAX_OPTION_TEXT } from '../../options/option-list';
import { readDetails } from '../request-summary';
import { type RequestModalMeta, requestModalMetaSchema } from './meta';

/**
 * Edit and resubmit: the request modal as the old request left it. The product, the kind of order, the
 * customer and the PBX are chosen again, as are the billing contact, plan and service a purchase named,
 * its counts, term, PO number and note. A renewal's holding is looked up again (what is held may have
 * changed). Undefined when the request's row is no longer in the catalog.
 */
export function resubmitMeta(request: OrderRequest, start: RequestModalMeta): RequestModalMeta | undefined {
  const scenario = getScenario(request.scenarioId);
  if (!scenario) return undefined;
  const d = readDetails(request);
  const l = d.labels;
  const label = (text: string) => truncate(text, MAX_OPTION_TEXT);
  const choice = (value: string | undefined, shown: string | undefined) =>
    value && shown ? { value, label: label(shown) } : undefined;
  const purchase = scenario.command === 'purchase';
  const auto = {
    billingContact: choice(d.billingContactId, l.billingContact),
    ...(purchase ? { plan: choice(d.planId, l.plan), service: choice(d.serviceId, l.service) } : {}),
  };
  const parsed = requestModalMetaSchema.safeParse({
    ...start,
    command: scenario.command,
    resubmitOf: { id: request.id, reference: request.reference },
    productId: scenario.productId,
    productLabel: label(l.product ?? scenario.productName),
    ...(purchase ? { scenarioId: scenario.id } : {}),
    ...(d.partnerId
      ? {
          customer: { value: d.partnerId, label: label(l.customer ?? 'The customer of the earlier request') },
        }
      : {}),
    ...(d.serialNumber
      ? { serial: { value: d.serialNumber, ...(l.serialNumber ? { label: label(l.serialNumber) } : {}) } }
      : {}),
    auto: Object.fromEntries(Object.entries(auto).filter(([, v]) => v !== undefined)),
    prefill: {
      ...(d.quantity ? { quantity: d.quantity } : {}),
      ...(d.serviceQuantity ? { serviceQuantity: d.serviceQuantity } : {}),
      ...(d.billingCycle ? { term: `${d.billingCycle}:${d.multiCycle ?? 0}` } : {}),
      ...(d.poNumber ? { poNumber: d.poNumber } : {}),
      ...(d.note ? { note: d.note } : {}),
    },
  });
  return parsed.success ? parsed.data : undefined;
}
