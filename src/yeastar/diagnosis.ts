import type { Logger } from 'pino';
import type { PartnerApiClient } from './client';
import {
  PartnerApiAuthError,
  PartnerApiConnectionError,
  PartnerApiError,
  PartnerApiRateLimitError,
  PartnerApiResponseError,
  PartnerApiServerError,
  PartnerApiTimeoutError,
} from './errors';
import { describeDifference } from './shape';
import { isTokenFailure } from './token';

/**
 * What a Partner API failure means for the person who runs the app, and what to do about it. Built from
 * the typed error only, whose parts are already scrubbed of secrets.
 */
export interface Diagnosis {
  cause: string;
  fix: string;
}

const PORTAL_API = 'Partner Portal › System › API';

/**
 * [RECON] The guide documents no refusal codes (docs/partner-api-notes.md): a 403 that names the IP
 * address or restriction is taken as Client IP Restriction, any other 403 as a missing permission.
 */
function isIpRefusal(err: PartnerApiError): boolean {
  return /\bip\b|ip_|ip[ -]?address|restriction/i.test(`${err.code} ${err.detailMessage}`);
}

function facts(err: PartnerApiError): string {
  const parts = [err.code, err.httpStatus === undefined ? '' : `HTTP ${err.httpStatus}`];
  if (err.requestId) parts.push(`request ID ${err.requestId}`);
  return parts.filter(Boolean).join(', ');
}

function refusal(err: PartnerApiAuthError): Diagnosis {
  if (err.httpStatus === 403 && isIpRefusal(err)) {
    return {
      cause: `the Partner API refuses calls from this machine's address (Client IP Restriction): ${err.detailMessage || facts(err)}`,
      fix: `in the ${PORTAL_API} › Client IP Restriction, allow the address this app calls from, or turn the restriction off`,
    };
  }
  if (err.httpStatus === 403) {
    return {
      cause: `the account has no permission for ${err.endpoint} (${facts(err)})`,
      fix: `ask your Yeastar account manager to grant the account API access (${PORTAL_API})`,
    };
  }
  if (isTokenFailure(err)) {
    return {
      cause: `the client ID or the client secret is wrong (${facts(err)})`,
      fix: `copy the Client ID from the ${PORTAL_API} into YEASTAR_CLIENT_ID; Reset there shows a new Client Secret for YEASTAR_CLIENT_SECRET`,
    };
  }
  return {
    cause: `the Partner API refused the access token for ${err.endpoint} (${facts(err)})`,
    fix: 'try again; if it persists, reset the Client Secret in the Partner Portal and update YEASTAR_CLIENT_SECRET',
  };
}

export function diagnose(err: unknown): Diagnosis {
  if (err instanceof PartnerApiAuthError) return refusal(err);
  if (err instanceof PartnerApiTimeoutError || err instanceof PartnerApiConnectionError) {
    return {
      cause: `the Partner API cannot be reached: ${err.message}`,
      fix: 'check YEASTAR_BASE_URL, and that DNS and the firewall let this machine reach it over HTTPS',
    };
  }
  if (err instanceof PartnerApiResponseError && err.fields.length > 0) {
    return {
      cause: `the answer lacks what the app needs: ${err.fields.map(describeDifference).join('; ')}`,
      fix: 'share this report (npm run doctor -- --json) with the developers: the shape the app expects must follow the live API',
    };
  }
  if (err instanceof PartnerApiResponseError) {
    return {
      cause: `the answer is not the Partner API's: ${err.detailMessage}`,
      fix: 'check that YEASTAR_BASE_URL is the API itself and that no proxy answers in its place',
    };
  }
  if (err instanceof PartnerApiServerError || err instanceof PartnerApiRateLimitError) {
    return {
      cause: `the Partner API failed (${facts(err)})`,
      fix: 'try again later; if it persists, tell Yeastar support, with the request ID',
    };
  }
  if (err instanceof PartnerApiError) {
    return {
      cause: err.message,
      fix: 'see the Partner API’s answer above; tell Yeastar support if it is unclear',
    };
  }
  return {
    cause: err instanceof Error ? err.message : String(err),
    fix: 'see the message; run npm run doctor for the whole picture',
  };
}

/**
 * Tries the credentials once (a token), logging a refusal with its cause and fix: a wrong secret or an IP
 * restriction is then in the log from the start, not only in every later failure. Never throws; an abort
 * (the app stopping) ends it quietly.
 */
export async function tryCredentials(
  client: PartnerApiClient,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  try {
    await client.prepareToken({ signal });
    logger.info('partner api credentials accepted');
  } catch (err) {
    if (signal.aborted) return;
    logger.error(diagnose(err), 'partner api credentials could not be used');
  }
}
