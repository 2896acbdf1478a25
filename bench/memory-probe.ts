/**
 * Answers the benchmark's `memory` message over the IPC channel with process.memoryUsage(): heap used
 * next to RSS, without turning on the app's /metrics for the run.
 */
export function answerMemoryProbes(): void {
  process.on('message', (message) => {
    if (message === 'memory') process.send?.({ memory: process.memoryUsage() });
  });
}
