/**
 * Process logging on LogTape: pretty coloured lines in development, JSON lines in production,
 * secret-looking properties redacted before formatting.
 *
 * ```ts
 * await setupLogging({ environment: "development", component: "operator" });
 * const log = getLogger("registration");
 * log.info("deposited {amount} into {strategy}", { amount: 1000n, strategy });
 * ```
 *
 * @module
 */
import {
  configure,
  getLogger as ltGetLogger,
  type Logger,
  type LogLevel,
  type LogRecord,
  reset,
  type Sink,
} from "@logtape/logtape";
import { formatJsonLine, formatPrettyLine } from "./format.ts";
import { isSecretName, REDACTED, redactValue } from "./redact.ts";

export type { Logger, LogLevel };
export { isSecretName, REDACTED, redactValue };
export { shortError } from "./errors.ts";

/** Root category under which every logger of this project lives. */
export const ROOT_CATEGORY = "incsq";

/** Options of {@link setupLogging}. */
export type LoggingOptions = {
  /** `development`: debug level, pretty lines; `production`: info level, JSON lines. */
  environment: "development" | "production";
  /** Overrides the environment's default level. */
  level?: LogLevel;
  /** Process name written on every line (`operator`, `aggregator`, ...). */
  component: string;
  /** Where lines go (default: stdout). Tests pass a collector. */
  write?: (line: string) => void;
  /** Colour the pretty lines (default: stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
};

/** Returns a copy of the record whose properties and interpolated values are redacted. */
export function redactRecord(record: LogRecord): LogRecord {
  const properties = redactValue(record.properties) as Record<string, unknown>;
  const secretValues = new Set<unknown>();
  for (const [k, v] of Object.entries(record.properties)) {
    if (isSecretName(k) && v !== undefined && v !== "" && typeof v !== "boolean") {
      secretValues.add(v);
    }
  }
  const message = record.message.map((part, i) =>
    i % 2 === 1 && secretValues.has(part) ? REDACTED : i % 2 === 1 ? redactValue(part) : part
  );
  return { ...record, properties, message };
}

function defaultWrite(): (line: string) => void {
  const encoder = new TextEncoder();
  return (line) => {
    const bytes = encoder.encode(line);
    let off = 0;
    while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
  };
}

function defaultColor(): boolean {
  try {
    return Deno.stdout.isTerminal() && Deno.env.get("NO_COLOR") === undefined;
  } catch {
    return false;
  }
}

/**
 * Configures LogTape for this process (replacing any previous setup). Call once at startup,
 * before the first log line; {@link getLogger} works before it too (lines are then dropped).
 */
export async function setupLogging(options: LoggingOptions): Promise<void> {
  const write = options.write ?? defaultWrite();
  const production = options.environment === "production";
  const color = options.color ?? (!production && defaultColor());
  const sink: Sink = (record) => {
    const safe = redactRecord(record);
    write(
      production
        ? formatJsonLine(safe, options.component)
        : formatPrettyLine(safe, options.component, color),
    );
  };
  await configure({
    reset: true,
    sinks: { main: sink },
    loggers: [
      {
        category: [ROOT_CATEGORY],
        sinks: ["main"],
        lowestLevel: options.level ?? (production ? "info" : "debug"),
      },
      { category: ["logtape", "meta"], sinks: ["main"], lowestLevel: "warning" },
    ],
  });
}

/** Removes the logging setup (tests; lines are dropped afterwards). */
export async function resetLogging(): Promise<void> {
  await reset();
}

/** A logger for a subsystem, e.g. `getLogger("chain.events")` or `getLogger(["chain", "tx"])`. */
export function getLogger(category: string | readonly string[]): Logger {
  const parts = typeof category === "string" ? category.split(".") : [...category];
  return ltGetLogger([ROOT_CATEGORY, ...parts.filter((p) => p !== "")]);
}
