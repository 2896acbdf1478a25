import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CreateOrderBody,
  PartnerApiClient,
  type PartnerApiClientOptions,
  parseJson,
  stringifyJson,
} from '../../../src/yeastar';

/** Deadline and retries for tests that put an app in front of faults: a fault costs milliseconds, not seconds. */
export const FAST_PARTNER_API: Pick<PartnerApiClientOptions, 'timeoutMs' | 'retry'> = {
  timeoutMs: 1000,
  retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 },
};

/**
 * A client for the sandbox's default account, with short pauses between retries to keep tests quick; the
 * target may be the sandbox or anything standing in front of it or in its place (a proxy, a scripted API).
 */
export function sandboxClient(target: { url: string }, extra: Partial<PartnerApiClientOptions> = {}) {
  return new PartnerApiClient({
    baseUrl: target.url,
    clientId: 'sandbox',
    clientSecret: 'sandbox-secret',
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
}

/** The text of a tutorial's request body, verbatim. */
export function tutorialRequestText(name: string): string {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'tutorials', `${name}.request.json`), 'utf8');
}

/** The P-Series Appliance plan purchase of the tutorial, with our reference added. */
export function applianceBody(poNumber?: string): CreateOrderBody {
  const body = parseJson(tutorialRequestText('purchase-p-series-appliance-plan')) as CreateOrderBody;
  return poNumber === undefined ? body : { ...body, poNumber };
}

/** The same order as the bytes Create an Order sends. */
export function applianceOrder(poNumber?: string): string {
  return stringifyJson(applianceBody(poNumber));
}
