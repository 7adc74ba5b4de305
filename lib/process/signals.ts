/** Graceful-shutdown helper shared by the long-running entry points. */

/**
 * Resolves on the first SIGINT or SIGTERM and removes the listeners again, so a second signal
 * during shutdown gets the default behaviour (terminate immediately).
 */
export function onShutdownSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const handlers = signals.map((sig) => {
      const h = () => {
        for (const [i, s] of signals.entries()) Deno.removeSignalListener(s, handlers[i]);
        resolve(sig);
      };
      return h;
    });
    signals.forEach((s, i) => Deno.addSignalListener(s, handlers[i]));
  });
}
