/** What every message and modal needs to know about this installation, beside the request itself. */
export interface MessageContext {
  /** Orders go to the built-in Partner API sandbox: every message and modal says so. */
  sandbox: boolean;
  /** Who decides, to say whom a pending request waits for (and to mention them in its fallback). */
  approvers: { userIds: readonly string[]; usergroupId?: string };
}

/** The approvers as Slack mentions: "<@U1>, <@U2> or <!subteam^S1>". */
export function approversMention(ctx: MessageContext): string {
  const all = [
    ...ctx.approvers.userIds.map((id) => `<@${id}>`),
    ...(ctx.approvers.usergroupId ? [`<!subteam^${ctx.approvers.usergroupId}>`] : []),
  ];
  if (all.length <= 1) return all[0] ?? 'an approver';
  return `${all.slice(0, -1).join(', ')} or ${all.at(-1)}`;
}
