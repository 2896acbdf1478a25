import { existsSync } from 'node:fs';
import { config } from 'dotenv';

/**
 * Fills in, from a `.env` file, the settings the environment leaves unset: a variable the environment
 * sets, even to an empty string, always wins. A missing file is no error; an unreadable one is.
 */
export function loadEnvFile(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) return;
  const { error } = config({ path, processEnv: env as Record<string, string>, override: false, quiet: true });
  if (error) throw new Error(`${path} could not be read: ${error.message}`);
}
