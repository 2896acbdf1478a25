/**
 * The bot scopes the app asks for in manifest.yml, and why; a test keeps this list and the manifest in
 * step. `npm run doctor` compares what Slack granted with it.
 */
export interface BotScope {
  scope: string;
  why: string;
  /** Only with an approver user group. */
  forUsergroup?: true;
  /** Only npm run doctor reads with it: the app works without it. */
  doctorOnly?: true;
}

export const BOT_SCOPES: readonly BotScope[] = [
  { scope: 'commands', why: '/renew and /purchase' },
  { scope: 'chat:write', why: 'approval messages, thread replies, notices' },
  { scope: 'channels:history', why: 'finding its own post in a public channel when Slack lost the answer' },
  { scope: 'groups:history', why: 'finding its own post in a private channel when Slack lost the answer' },
  { scope: 'im:history', why: 'finding its own post in a requester’s DM when Slack lost the answer' },
  { scope: 'im:write', why: 'naming a requester’s DM by their user ID' },
  { scope: 'channels:read', why: 'checking that the bot is in a public channel', doctorOnly: true },
  { scope: 'groups:read', why: 'checking that the bot is in a private channel', doctorOnly: true },
  { scope: 'users:read', why: 'checking that the approvers exist', doctorOnly: true },
  { scope: 'usergroups:read', why: 'the members of APPROVER_USERGROUP_ID', forUsergroup: true },
];

/** The scopes these settings need: the user group's only when one is set. */
export function neededScopes(settings: { APPROVER_USERGROUP_ID?: string | undefined }): BotScope[] {
  return BOT_SCOPES.filter((s) => !s.forUsergroup || settings.APPROVER_USERGROUP_ID);
}
