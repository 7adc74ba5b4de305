/** Stopping child processes the same way everywhere: ask politely, then insist. */

/**
 * Sends SIGTERM to `child`, and SIGKILL if it is still running after `graceMs`; resolves with its
 * exit status. A child that has already exited is fine (the signals are then no-ops).
 */
export async function terminateChild(
  child: Deno.ChildProcess,
  graceMs: number,
): Promise<Deno.CommandStatus> {
  sendSignal(child, "SIGTERM");
  const timer = setTimeout(() => sendSignal(child, "SIGKILL"), graceMs);
  try {
    return await child.status;
  } finally {
    clearTimeout(timer);
  }
}

function sendSignal(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch { /* already exited */ }
}
