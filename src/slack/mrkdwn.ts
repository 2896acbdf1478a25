/**
 * Text a person typed (notes, PO numbers, reasons) or the Partner API returned goes into mrkdwn escaped,
 * so that it can never become a mention, a channel ping or a disguised link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user mention from a Slack user ID that the app checked itself. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Cuts text to Slack's field limits with an ellipsis, so a long value never makes a call fail. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
