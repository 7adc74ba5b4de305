/** Turning any thrown value into one short log line. */

/**
 * The first line of an error: viem's short message (with its details) when present, else the
 * message's first line. Chain errors (`TxError`) already carry the call and decoded reason.
 */
export function shortError(err: unknown): string {
  if (err && typeof err === "object" && "shortMessage" in err) {
    const e = err as { shortMessage: string; details?: string };
    return e.details ? `${e.shortMessage} (${e.details})` : e.shortMessage;
  }
  return err instanceof Error ? err.message.split("\n")[0] : String(err);
}
