import { parseArgs } from 'node:util';
import { nonNegative, serveUntilStopped } from '../cli-support';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type PartnerApiSandbox,
  startPartnerApiSandbox,
} from './index';
import { type ShapeChange, shapeChangeSchema } from './reshape';

const USAGE = [
  'usage: node dist/sandbox/partner-api/cli.js [--latency MS] [--fail-next N] [--hang] [--lose-order-answers N]',
  '  [--drop-abandoned-orders] [--commit-after MS] [--answer-after MS] [--list-lag MS] [--omit-list-references]',
  '  [--pending-orders] [--pay-after MS]',
  '  [--reject-order-tokens N] [--token-latency MS] [--reshape drop|add|retype:ENDPOINT:FIELD]...',
  '  [--ip-restricted] [--no-permission] [--trials-need-billing-id] [--unshown-billing-required]',
  '  [--reprice=PERCENT] [--pricing-down] [--pricing-latency MS]',
  '  e.g. --reshape drop:/user/openapi/user/v1/client/billing_contact_list:[].billingContactId',
].join('\n');

/** A percentage by which every price changes: an integer of -100 or more. */
function percent(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= -100)) throw new Error(`--reprice must be an integer of -100 or more\n${USAGE}`);
  return value;
}

/** `drop:/user/openapi/user/v1/client/billing_contact_list:[].billingContactId` */
function shapeChange(value: string): ShapeChange {
  const [change = '', endpoint = '', ...field] = value.split(':');
  const parsed = shapeChangeSchema.safeParse({ change, endpoint, field: field.join(':') });
  if (!parsed.success) throw new Error(`--reshape takes drop|add|retype:ENDPOINT:FIELD\n${USAGE}`);
  return parsed.data;
}

export interface CliSettings {
  port: number;
  latencyMs: number;
  failNext: number;
  hang: boolean;
  loseOrderAnswers: number;
  dropAbandonedOrders: boolean;
  commitAfterMs: number;
  answerAfterMs: number;
  listLagMs: number;
  pendingOrders: boolean;
  payAfterMs: number;
  omitListReferences: boolean;
  rejectNextOrderTokens: number;
  tokenLatencyMs: number;
  reshape: ShapeChange[];
  ipRestricted: boolean;
  permissionDenied: boolean;
  trialsNeedBillingId: boolean;
  unshownBillingRequired: boolean;
  repricePercent: number;
  pricingDown: boolean;
  pricingLatencyMs: number;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      'fail-next': { type: 'string' },
      hang: { type: 'boolean', default: false },
      'lose-order-answers': { type: 'string' },
      'drop-abandoned-orders': { type: 'boolean', default: false },
      'commit-after': { type: 'string' },
      'answer-after': { type: 'string' },
      'list-lag': { type: 'string' },
      'pending-orders': { type: 'boolean', default: false },
      'pay-after': { type: 'string' },
      'omit-list-references': { type: 'boolean', default: false },
      'reject-order-tokens': { type: 'string' },
      'token-latency': { type: 'string' },
      reshape: { type: 'string', multiple: true },
      'ip-restricted': { type: 'boolean', default: false },
      'no-permission': { type: 'boolean', default: false },
      'trials-need-billing-id': { type: 'boolean', default: false },
      'unshown-billing-required': { type: 'boolean', default: false },
      reprice: { type: 'string' },
      'pricing-down': { type: 'boolean', default: false },
      'pricing-latency': { type: 'string' },
    },
    strict: true,
  });
  return {
    port: nonNegative('PORT', env.PORT, 4010, USAGE),
    latencyMs: nonNegative('--latency', values.latency, 0, USAGE),
    failNext: nonNegative('--fail-next', values['fail-next'], 0, USAGE),
    hang: values.hang ?? false,
    loseOrderAnswers: nonNegative('--lose-order-answers', values['lose-order-answers'], 0, USAGE),
    dropAbandonedOrders: values['drop-abandoned-orders'] ?? false,
    commitAfterMs: nonNegative('--commit-after', values['commit-after'], 0, USAGE),
    answerAfterMs: nonNegative('--answer-after', values['answer-after'], 0, USAGE),
    listLagMs: nonNegative('--list-lag', values['list-lag'], 0, USAGE),
    pendingOrders: values['pending-orders'] ?? false,
    payAfterMs: nonNegative('--pay-after', values['pay-after'], 0, USAGE),
    omitListReferences: values['omit-list-references'] ?? false,
    rejectNextOrderTokens: nonNegative('--reject-order-tokens', values['reject-order-tokens'], 0, USAGE),
    tokenLatencyMs: nonNegative('--token-latency', values['token-latency'], 0, USAGE),
    reshape: (values.reshape ?? []).map(shapeChange),
    ipRestricted: values['ip-restricted'] ?? false,
    permissionDenied: values['no-permission'] ?? false,
    trialsNeedBillingId: values['trials-need-billing-id'] ?? false,
    unshownBillingRequired: values['unshown-billing-required'] ?? false,
    repricePercent: percent(values.reprice),
    pricingDown: values['pricing-down'] ?? false,
    pricingLatencyMs: nonNegative('--pricing-latency', values['pricing-latency'], 0, USAGE),
  };
}

/** Starts the sandbox with the faults the flags ask for and says how to use it. */
export async function runCli(
  settings: CliSettings,
  print: (line: string) => void,
): Promise<PartnerApiSandbox> {
  const sandbox = await startPartnerApiSandbox({ port: settings.port });
  sandbox.faults.setLatency(settings.latencyMs);
  sandbox.faults.failNext(settings.failNext);
  sandbox.faults.hang(settings.hang);
  sandbox.faults.loseNextOrderAnswers(settings.loseOrderAnswers);
  sandbox.faults.dropAbandonedOrders(settings.dropAbandonedOrders);
  sandbox.faults.orderTiming({
    commitAfterMs: settings.commitAfterMs,
    answerAfterMs: settings.answerAfterMs,
  });
  sandbox.faults.listLag(settings.listLagMs);
  sandbox.faults.pendingOrders(settings.pendingOrders);
  sandbox.faults.payAfter(settings.payAfterMs);
  sandbox.faults.omitListReferences(settings.omitListReferences);
  sandbox.faults.rejectNextOrderTokens(settings.rejectNextOrderTokens);
  sandbox.faults.setTokenLatency(settings.tokenLatencyMs);
  sandbox.faults.reshape(settings.reshape);
  sandbox.faults.restrictIp(settings.ipRestricted);
  sandbox.faults.denyPermission(settings.permissionDenied);
  sandbox.faults.trialsNeedBillingId(settings.trialsNeedBillingId);
  sandbox.faults.unshownBillingRequired(settings.unshownBillingRequired);
  sandbox.faults.repriceAll(settings.repricePercent);
  sandbox.faults.pricingDown(settings.pricingDown);
  sandbox.faults.setPricingLatency(settings.pricingLatencyMs);
  print(`Yeastar Partner API sandbox listening on ${sandbox.url}`);
  print(`  YEASTAR_BASE_URL=${sandbox.url}`);
  print(`  YEASTAR_CLIENT_ID=${DEFAULT_CLIENT_ID}`);
  print(`  YEASTAR_CLIENT_SECRET=${DEFAULT_CLIENT_SECRET}`);
  print(`  faults: POST ${sandbox.url}/__sandbox/faults   orders: GET ${sandbox.url}/__sandbox/orders`);
  print(`  pay a pending order: POST ${sandbox.url}/__sandbox/pay {"orderNo":"…"}`);
  print(`  calls received, by path: GET ${sandbox.url}/__sandbox/calls?from=EPOCH_MS&to=EPOCH_MS`);
  return sandbox;
}

if (require.main === module) {
  serveUntilStopped(() => runCli(parseCli(process.argv.slice(2), process.env), (line) => console.log(line)));
}
