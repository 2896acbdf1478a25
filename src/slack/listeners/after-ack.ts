/**
 * Resolves once the event loop has taken in the I/O already waiting, such as other Slack requests.
 * Bolt's middleware chain and the SQLite driver resolve their promises without yielding, so a burst of
 * clicks would otherwise be acked one after another's database work; awaited right after `ack()`, it
 * lets every waiting request be acked first, and Slack's 3 s limit only applies to the ack.
 */
export function afterAck(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
