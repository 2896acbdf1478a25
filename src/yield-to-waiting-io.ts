/**
 * Resolves once the event loop has taken in the I/O already waiting, such as other people's Slack
 * requests. Bolt's middleware chain and the SQLite driver resolve their promises without yielding, so a
 * burst of clicks would otherwise be acked one after another's database work. Awaited right after
 * `ack()`, it lets every waiting request be acked first (Slack's 3 s limit only applies to the ack);
 * awaited before an order is placed or Slack messages are delivered in the background, it keeps that work
 * behind the acks too.
 */
export function yieldToWaitingIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
