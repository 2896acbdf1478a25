import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A server under test in its own process, so its memory figures are its own. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Log lines at error level or above (pino's level 50+), for the report. */
  errorLines(): number;
  /** Resident memory now and at its highest so far (Linux /proc), and V8's heap in use, in MB. */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

export interface Memory {
  rssMb: number;
  peakMb: number;
  heapUsedMb: number;
}

const READY_TIMEOUT_MS = 15_000;
const MB = 2 ** 20;
const STOP_TIMEOUT_MS = 10_000;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : Number.NaN;
}

/** Asks the child (bench/memory-probe.ts) for its heap over IPC. */
function heapUsedMb(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(Number.NaN), 5000);
    const answer = (message: { memory?: NodeJS.MemoryUsage }) => {
      if (!message.memory) return;
      clearTimeout(timer);
      child.off('message', answer);
      resolve(message.memory.heapUsed / MB);
    };
    child.on('message', answer);
    child.send('memory');
  });
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

/** Starts `node script ...args` with exactly `env` and resolves once it prints its `{"benchReady": url}` line. */
export function startServerProcess(
  script: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
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
        memory: async () => ({
          heapUsedMb: await heapUsedMb(child),
          rssMb: statusKb(pid, 'VmRSS') / 1024,
          peakMb: statusKb(pid, 'VmHWM') / 1024,
        }),
        stop: () => {
          child.kill('SIGTERM');
          return exited(child, STOP_TIMEOUT_MS);
        },
      });
    });
  });
}
