import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from '../src/env-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yod-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('when a .env file names settings, then it fills in only those the environment leaves unset', () => {
  const path = join(dir, '.env');
  writeFileSync(
    path,
    'PORT=4000\nLOG_LEVEL=debug\nAPPROVALS_CHANNEL_ID=C0FROMFILE\n# a comment\nSLACK_API_URL=\n',
  );
  const env: NodeJS.ProcessEnv = { PORT: '3000', APPROVALS_CHANNEL_ID: '' };

  loadEnvFile(path, env);

  expect(env).toEqual({ PORT: '3000', LOG_LEVEL: 'debug', APPROVALS_CHANNEL_ID: '', SLACK_API_URL: '' });
});

test('when there is no .env file, then the environment is left as it is', () => {
  const env: NodeJS.ProcessEnv = { PORT: '3000' };

  loadEnvFile(join(dir, '.env'), env);

  expect(env).toEqual({ PORT: '3000' });
});

test('when the .env file cannot be read, then loading says so instead of starting without it', () => {
  const path = join(dir, '.env');
  mkdirSync(path);

  expect(() => loadEnvFile(path, {})).toThrow(/could not be read/);
});
