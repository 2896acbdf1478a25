import { getScenario, lineIdField } from '../../catalog';
import type { OrderRequest } from '../../orders/model';
import { escapeMrkdwn } from '../mrkdwn';
import { customerName } from './request-summary';
import { fieldLabel } from './words';

/** A refusal in plain words: what happened, what to do next, and the facts for whoever digs deeper. */
export interface FailureText {
  headline: string;
  next: string;
  /** The Partner API's own words, code and request ID (mrkdwn, escaped), for a context block. */
  facts: string;
}

const ADMIN =
  'Ask your admin to check the Partner API settings (`npm run doctor`), then submit the request again.';

export function failureText(request: OrderRequest): FailureText {
  const f = request.failure;
  const scenario = getScenario(request.scenarioId);
  const command = scenario?.command ?? 'purchase';
  const facts = f
    ? [
        f.detailMessage && `Yeastar said “${escapeMrkdwn(f.detailMessage)}”`,
        `code ${escapeMrkdwn(f.code)}`,
        f.httpStatus !== undefined && `HTTP ${f.httpStatus}`,
        f.apiRequestId && `request ID ${escapeMrkdwn(f.apiRequestId)}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const plainly = (headline: string, next: string): FailureText => ({ headline, next, facts });
  if (!f) return plainly('Yeastar refused the order.', `Nothing was ordered. Ask again with /${command}.`);
  if (f.code === 'invalid_request') {
    return plainly(
      'The request could not be turned into an order.',
      `Nothing was ordered. Submit a new request with /${command}.`,
    );
  }
  if (f.detailMessage.startsWith('The order was not sent')) {
    return plainly(
      'The order was not sent: the app could not sign in to the Partner API.',
      `Nothing was ordered. ${ADMIN}`,
    );
  }
  if (f.httpStatus === 401 || f.httpStatus === 403) {
    return plainly('Yeastar did not accept the app’s credentials.', `Nothing was ordered. ${ADMIN}`);
  }
  if (f.httpStatus === 429) {
    return plainly(
      'Yeastar asked the app to slow down.',
      'Nothing was ordered. Submit the request again in a few minutes.',
    );
  }
  const label = f.field
    ? fieldLabel(f.field, (i) => {
        const line = scenario?.lines[i];
        return line && (lineIdField(line) === 'planId' ? 'plan' : 'service');
      })
    : undefined;
  if (!label)
    return plainly(
      'Yeastar refused the order.',
      `Nothing was ordered. Check the request, then ask again with /${command}.`,
    );
  const customer = escapeMrkdwn(customerName(request));
  // A renewal's plan or service is refused when the customer does not hold it.
  return command === 'renew' && (label === 'plan' || label === 'service')
    ? plainly(
        `Yeastar refused the ${label}: ${customer} may not hold it.`,
        `Nothing was ordered. Check in the Partner Portal what ${customer} holds, then ask again with /renew.`,
      )
    : plainly(
        `Yeastar refused the ${label}.`,
        `Nothing was ordered. Check the ${label}, then ask again with /${command}.`,
      );
}
