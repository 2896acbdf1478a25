import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built entry point, as `npm start` runs it; `npm test` builds it before jest runs. */
const ENTRY = join(__dirname, '..', '..', 'dist', 'index.js');

export interface AppProcess {
  /** Base URL, read from the app's "order desk started" log line. */
  url: string;
  /** Every log line the process wrote to stdout, parsed. */
  logs: Record<string, unknown>[];
  /** Sends the signal and resolves with how the process ended. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/index.js` with exactly the given settings (no .env: the working directory is `cwd`)
 * and resolves once it says it is listening.
 */
export async function startAppProcess(env: Record<string, string>, cwd: string): Promise<AppProcess> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first`);
  const child = spawn(process.execPath, [ENTRY], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'order desk started') resolve(String(entry.url));
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`app exited before it started (code ${code}, signal ${signal}): ${stderr.join('')}`)),
    );
  });
  return { url, logs, signal: (signal) => stop(child, signal, exited) };
}

async function stop(
  child: ChildProcess,
  signal: NodeJS.Signals,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
) {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return exited;
}
