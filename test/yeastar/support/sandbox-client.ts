import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartnerApiSandbox } from '../../../src/sandbox/partner-api';
import {
  type CreateOrderBody,
  PartnerApiClient,
  type PartnerApiClientOptions,
  parseJson,
} from '../../../src/yeastar';

/** A client for the sandbox's default account, with short pauses between retries to keep tests quick. */
export function sandboxClient(sandbox: PartnerApiSandbox, extra: Partial<PartnerApiClientOptions> = {}) {
  return new PartnerApiClient({
    baseUrl: sandbox.url,
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
export function applianceOrder(poNumber?: string): CreateOrderBody {
  const body = parseJson(tutorialRequestText('purchase-p-series-appliance-plan')) as CreateOrderBody;
  return poNumber === undefined ? body : { ...body, poNumber };
}
