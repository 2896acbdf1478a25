import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from './json';

/**
 * `yeastar-order-desk/<version>`, the version read from package.json, which sits two levels up from
 * both src/yeastar and dist/yeastar (the build's rootDir is src, so it cannot be imported).
 */
function packageVersion(): string {
  try {
    const manifest = parseJson(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const DEFAULT_USER_AGENT = `yeastar-order-desk/${packageVersion()}`;
