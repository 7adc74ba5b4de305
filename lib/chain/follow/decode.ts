/**
 * Picks the followed events out of an ABI and decodes their logs.
 *
 * @module
 */
import { type Abi, type AbiEvent, decodeEventLog, type Hex, toEventSelector } from "viem";
import type { RawLog } from "./raw_log.ts";

/** Decoder for a fixed set of events. */
export type EventDecoder = {
  /** topic0 of each followed event. */
  readonly selectors: readonly Hex[];
  /** The event name a log's topic0 stands for, if it is followed. */
  nameOf(log: RawLog): string | undefined;
  /** Decodes a followed log strictly; throws when it does not match its event. */
  decode(log: RawLog): { eventName: string; args: unknown };
};

/** Builds the decoder; throws when a name is not an event of the ABI. */
export function eventDecoder(
  abi: Abi | readonly unknown[],
  names: readonly string[],
): EventDecoder {
  const events = (abi as readonly { type?: string; name?: string }[])
    .filter((e) => e.type === "event" && names.includes(e.name ?? "")) as AbiEvent[];
  for (const n of names) {
    if (!events.some((e) => e.name === n)) throw new Error(`event ${n} is not in the ABI`);
  }
  const byTopic = new Map<Hex, string>(events.map((e) => [toEventSelector(e), e.name]));
  return {
    selectors: [...byTopic.keys()],
    nameOf: (log) => {
      const topic0 = log.topics[0];
      return topic0 ? byTopic.get(topic0.toLowerCase() as Hex) : undefined;
    },
    decode: (log) =>
      decodeEventLog({
        abi: events,
        data: log.data,
        topics: log.topics as [Hex, ...Hex[]],
        strict: true,
      }),
  };
}
