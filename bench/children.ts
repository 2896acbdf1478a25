import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A server under test in its own process, so its memory figures are its own. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Log lines at error level or above (pino's level 50+), for the report. */
  errorLines(): number;
  /** Resident memory now and at its highest so far, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : Number.NaN;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isErrorLine(line: string): boolean {
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === 'number' && level >= 50;
  } catch {
    return false;
  }
}

/** Starts `node script` with exactly `env` and resolves once it prints its `{"benchReady": url}` line. */
export function startServerProcess(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = 0;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${script}: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('not ready in time'), READY_TIMEOUT_MS);
    child.once('exit', (code) => fail(`exited with ${code}`));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (isErrorLine(line)) errors += 1;
      if (!line.includes('"benchReady"')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { benchReady } = JSON.parse(line) as { benchReady: string };
      const pid = child.pid ?? 0;
      resolve({
        url: benchReady,
        pid,
        errorLines: () => errors,
        memory: () => ({ rssMb: statusKb(pid, 'VmRSS') / 1024, peakMb: statusKb(pid, 'VmHWM') / 1024 }),
        stop: () => {
          child.kill('SIGTERM');
          return exited(child, STOP_TIMEOUT_MS);
        },
      });
    });
  });
}
