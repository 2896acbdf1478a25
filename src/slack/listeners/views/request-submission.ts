import type { App, ViewSubmitAction } from '@slack/bolt';
import {
  asksFor,
  getScenario,
  needsCurrentPlan,
  type OrderFacts,
  type OrderField,
  type Scenario,
  validateOrderInput,
} from '../../../catalog';
import { Deadline, type RequestLabels, type SubmitResult } from '../../../orders';
import { errorSummary } from '../../error-summary';
import { REQUEST_MODAL } from '../../ids';
import { type Holding, holdingName } from '../../options/holdings';
import type { RequestFlowDeps } from '../../request-flow';
import { ownAccountLabel, type RequestForm, readRequestForm } from '../../views/request-modal';
import { noCurrentPlan } from '../modal-refresh';
import {
  alreadySent,
  anchorError,
  CHOOSE_HOLDING,
  CHOOSE_PRODUCT,
  CURRENT_PLAN_UNAVAILABLE,
  firstBlockError,
  HOLDINGS_UNAVAILABLE,
  inlineErrors,
  NOT_SAVED,
  noLongerHeld,
  OUT_OF_DATE,
  unavailableErrors,
} from './submission-errors';

type Errors = { response_action: 'errors'; errors: Record<string, string> };

/** What the request is, once its catalog row and (for a renewal) its holding are settled. */
interface Settled {
  scenario: Scenario;
  /** A renewal: the productNo the instance list holds it under, which its price is asked with. */
  heldOn?: string;
  /** Values the holding fixes, over what the person entered. */
  fixed: Partial<Record<OrderField, string | number>>;
  facts: OrderFacts;
  labels: RequestLabels;
}

/** The counts a renewal must keep, as the catalog's rules name them. */
function factsOf(scenario: Scenario, holding: Holding): OrderFacts {
  const facts: OrderFacts = {};
  for (const field of scenario.fields) {
    if (!('rule' in field) || field.rule.kind !== 'equalsCurrent') continue;
    const count = holding.counts[field.name];
    if (count !== undefined) facts[field.rule.fact] = count;
  }
  return facts;
}

/**
 * A renewal renews what the customer holds now: the holding is looked up again (a stale modal must not
 * renew what is gone), and what it fixes (its plan or service, PBX and counts) is taken from Yeastar's
 * list, not from the form. If the list cannot be had in time, the holding the modal showed stands.
 */
async function settleRenewal(deps: RequestFlowDeps, form: RequestForm): Promise<Settled | Errors> {
  const key = form.holdingKey;
  if (!key) return anchorError(form, CHOOSE_HOLDING);
  const partnerId = form.entries.partnerId?.value;
  const held = await deps.lists.holdings(partnerId ? { partnerId } : {});
  const shown = form.meta.holding?.key === key ? form.meta.holding : undefined;
  const holding = held.status === 'ok' ? held.items.find((h) => h.key === key) : shown;
  const who = form.entries.partnerId?.label ?? ownAccountLabel(form.meta);
  if (!holding) return anchorError(form, held.status === 'ok' ? noLongerHeld(who) : HOLDINGS_UNAVAILABLE);
  const scenario = getScenario(holding.scenarioId);
  if (scenario?.command !== 'renew') return anchorError(form, OUT_OF_DATE);
  const fixed: Settled['fixed'] = {
    ...(holding.planId ? { planId: holding.planId } : {}),
    ...(holding.serviceId ? { serviceId: holding.serviceId } : {}),
    ...(holding.serialNumber ? { serialNumber: holding.serialNumber } : {}),
    ...holding.counts,
  };
  const labels: RequestLabels = {
    // A plan is named the same on every PBX: the title says which one.
    scenario: `Renew ${holdingName(holding)}${holding.serialNumber ? ` on PBX ${holding.serialNumber}` : ''}`,
    product: form.meta.productLabel ?? scenario.productName,
    ...(holding.planName ? { plan: holding.planName } : {}),
    ...(holding.serviceName ? { service: holding.serviceName } : {}),
    ...(holding.serialNumber ? { serialNumber: holding.serialNumber } : {}),
  };
  const facts = {
    ...factsOf(scenario, holding),
    ...(holding.billingCycle && { currentBillingCycle: holding.billingCycle }),
  };
  return { scenario, fixed, facts, labels, heldOn: holding.productNo };
}

async function settlePurchase(deps: RequestFlowDeps, form: RequestForm): Promise<Settled | Errors> {
  const { scenario, meta } = form;
  if (!scenario) return anchorError(form, CHOOSE_PRODUCT);
  const settled: Settled = {
    scenario,
    fixed: {},
    facts: {},
    labels: { scenario: scenario.label, ...(meta.productLabel ? { product: meta.productLabel } : {}) },
  };
  return needsCurrentPlan(scenario) ? onCurrentPlan(deps, form, settled) : settled;
}

/**
 * Expansions, add-ons and switches build on the plan the PBX or account has now: looked up again on the
 * server (the modal may be stale), sent as connectionPlanId, and the ground for the rules about it.
 */
async function onCurrentPlan(
  deps: RequestFlowDeps,
  form: RequestForm,
  settled: Settled,
): Promise<Settled | Errors> {
  const { scenario } = settled;
  const serial = form.entries.serialNumber?.value;
  if (asksFor(scenario, 'serialNumber') && !serial) return settled; // validation names the missing PBX
  const partnerId = form.entries.partnerId?.value;
  const owner = partnerId ? { partnerId } : {};
  const serviceId = form.entries.serviceId?.value;
  // Both within one deadline: the service's name matters only to a rule about plans.
  const [found, services] = await Promise.all([
    deps.lists.currentPlan(scenario.productId, owner, serial),
    scenario.servicePlan && serviceId
      ? deps.lists.offerChoices('service', scenario.productId, serial)
      : undefined,
  ]);
  const errorAt = (message: string) => inlineErrors({ connectionPlanId: message }, form);
  if (found.status !== 'ok') return errorAt(CURRENT_PLAN_UNAVAILABLE);
  const [plan] = found.items;
  const place = serial ? `PBX ${serial}` : (form.entries.partnerId?.label ?? ownAccountLabel(form.meta));
  if (!plan) return errorAt(noCurrentPlan(scenario, place));
  const serviceName =
    services?.status === 'ok' ? services.items.find((s) => s.value === serviceId)?.label : undefined;
  const counted = scenario.fields.find((f) => f.name === 'quantity');
  const keepsCount = counted && 'rule' in counted && counted.rule.kind === 'equalsCurrent';
  return {
    ...settled,
    fixed: {
      ...(asksFor(scenario, 'connectionPlanId') ? { connectionPlanId: plan.planId } : {}),
      ...(keepsCount && plan.quantity !== undefined ? { quantity: plan.quantity } : {}),
    },
    facts: {
      ...(plan.quantity !== undefined ? { currentQuantity: plan.quantity } : {}),
      ...(plan.billingCycle ? { currentBillingCycle: plan.billingCycle } : {}),
      currentPlan: { id: plan.planId, name: plan.name },
      ...(serviceName ? { serviceName } : {}),
    },
    labels: { ...settled.labels, currentPlan: plan.name },
  };
}

/** What the person saw for each choice they made, stored with the request. */
function pickedLabels(form: RequestForm): RequestLabels {
  const { entries, meta } = form;
  return {
    ...(meta.resubmitOf ? { resubmitOf: meta.resubmitOf.reference } : {}),
    ...(entries.partnerId?.label ? { customer: entries.partnerId.label } : {}),
    ...(entries.billingContactId?.label ? { billingContact: entries.billingContactId.label } : {}),
    ...(entries.planId?.label ? { plan: entries.planId.label } : {}),
    ...(entries.serviceId?.label ? { service: entries.serviceId.label } : {}),
    ...(entries.serialNumber?.label ? { serialNumber: entries.serialNumber.label } : {}),
  };
}

/**
 * Submission of the request modal. Its answer is the ack: errors go inline under their inputs; a valid
 * request is stored, and its approval message queued, before the modal closes, so nothing is lost
 * silently. Slack delivers the approval message after the ack.
 */
export function registerRequestSubmission(app: App, deps: RequestFlowDeps): void {
  app.view<ViewSubmitAction>(REQUEST_MODAL.callbackId, async ({ ack, body, view }) => {
    // Looking up and pricing share one window, the lists' deadline: what is late is not waited for.
    const priceBy = Deadline.after(deps.lists.deadlineMs);
    const form = readRequestForm(view);
    if (!form) {
      await ack({ response_action: 'errors', errors: firstBlockError(view, OUT_OF_DATE) });
      return;
    }
    const unavailable = unavailableErrors(form);
    if (unavailable) {
      await ack(unavailable);
      return;
    }
    const settled =
      form.meta.command === 'renew' ? await settleRenewal(deps, form) : await settlePurchase(deps, form);
    if ('response_action' in settled) {
      await ack(settled);
      return;
    }
    const { scenario } = settled;
    const raw = {
      ...Object.fromEntries(Object.entries(form.entries).map(([field, entry]) => [field, entry.value])),
      ...settled.fixed,
    };
    const result = validateOrderInput(scenario, raw, settled.facts);
    if (!result.ok) {
      await ack(inlineErrors(result.errors, form));
      return;
    }
    // The catalog's body builder ignores `labels` (what the requester saw) and `heldOn`.
    const input = {
      ...result.value,
      labels: { ...pickedLabels(form), ...settled.labels },
      ...(settled.heldOn && { heldOn: settled.heldOn }),
    };
    let submitted: SubmitResult;
    try {
      submitted = await deps.workflow.submit({
        requesterId: body.user.id,
        scenarioId: scenario.id,
        input,
        // The same form sent again (Slack gave up waiting and the person pressed Submit once more) is the
        // same request, not a second one.
        submissionKey: view.id,
        priceBy,
        ...(form.meta.channelId ? { slack: { originChannelId: form.meta.channelId } } : {}),
      });
    } catch (error) {
      deps.logger.error({ scenarioId: scenario.id, error: errorSummary(error) }, 'order request not stored');
      await ack(anchorError(form, NOT_SAVED));
      return;
    }
    if (submitted.kind === 'conflict') {
      await ack(anchorError(form, alreadySent(submitted.request.reference)));
      return;
    }
    await ack();
  });
}
