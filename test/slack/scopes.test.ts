import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_SCOPES, neededScopes } from '../../src/slack/scopes';

/** The manifest asks for the scopes the doctor checks for: one list in code, kept in step by this test. */

const manifest = readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8');
/** `- chat:write # …` lines under oauth_config.scopes.bot, commented ones included (they are optional). */
const listed = [...manifest.matchAll(/^\s*(#\s*)?- ([a-z:.]+)\s*(#.*)?$/gm)].map((m) => ({
  scope: m[2],
  optional: Boolean(m[1]),
}));

test('when the manifest’s bot scopes are compared with the app’s list, then they are the same, the user group’s optional', () => {
  expect(listed.map((l) => l.scope).sort()).toEqual(BOT_SCOPES.map((s) => s.scope).sort());
  expect(listed.filter((l) => l.optional).map((l) => l.scope)).toEqual(['usergroups:read']);
});

test('when no approver user group is set, then usergroups:read is not needed; with one, it is', () => {
  expect(neededScopes({}).map((s) => s.scope)).not.toContain('usergroups:read');
  expect(neededScopes({ APPROVER_USERGROUP_ID: 'SAPPROVERS' }).map((s) => s.scope)).toContain(
    'usergroups:read',
  );
});
