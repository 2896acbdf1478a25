/** A refusal the way Slack's Web API words it: `{ ok: false, error, response_metadata.messages }`. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(messages.length ? `${code}: ${messages.join('; ')}` : code);
    this.name = 'SlackApiError';
  }
}
