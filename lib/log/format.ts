/**
 * The two line formats: coloured human text for development, JSON lines for production.
 *
 * @module
 */
import type { LogLevel, LogRecord } from "@logtape/logtape";

/** Renders a LogTape message array (`[text, value, text, ...]`) to one string. */
export function renderMessage(message: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < message.length; i++) {
    const part = message[i];
    out += i % 2 === 0 ? String(part) : renderValue(part);
  }
  return out;
}

function renderValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Error) return v.message;
  try {
    return JSON.stringify(v, jsonReplacer) ?? String(v);
  } catch {
    return String(v);
  }
}

/** JSON.stringify replacer: bigints as decimal strings, errors as {name, message, stack}. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (value instanceof Uint8Array) {
    return "0x" + Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return value;
}

/** Production format: one JSON object per line. */
export function formatJsonLine(record: LogRecord, component: string): string {
  const obj: Record<string, unknown> = {
    ts: new Date(record.timestamp).toISOString(),
    level: record.level,
    component,
    logger: record.category.slice(1).join("."),
    msg: renderMessage(record.message),
  };
  for (const [k, v] of Object.entries(record.properties)) {
    if (!(k in obj)) obj[k] = v;
  }
  return JSON.stringify(obj, jsonReplacer) + "\n";
}

const LEVEL_STYLE: Record<LogLevel, [string, string]> = {
  trace: ["TRC", "\x1b[90m"],
  debug: ["DBG", "\x1b[36m"],
  info: ["INF", "\x1b[32m"],
  warning: ["WRN", "\x1b[33m"],
  error: ["ERR", "\x1b[31m"],
  fatal: ["FTL", "\x1b[1;31m"],
};
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Development format: `HH:MM:SS.mmm LVL component/logger message key=value ...`, coloured. */
export function formatPrettyLine(record: LogRecord, component: string, color: boolean): string {
  const ts = new Date(record.timestamp).toISOString().slice(11, 23);
  const [lvl, lvlColor] = LEVEL_STYLE[record.level];
  const logger = [component, ...record.category.slice(1)].join("/");
  const props = Object.entries(record.properties)
    .filter(([k]) => !record.rawMessage.includes(`{${k}}`))
    .map(([k, v]) => {
      const text = typeof v === "string"
        ? (/[\s"]/.test(v) ? JSON.stringify(v) : v)
        : renderValue(v);
      return color ? `${DIM}${k}=${RESET}${text}` : `${k}=${text}`;
    });
  const errors = Object.values(record.properties).filter((v): v is Error => v instanceof Error);
  const stack = errors.length > 0 && record.level !== "info" && errors[0].stack
    ? "\n" + errors[0].stack.split("\n").slice(1).join("\n")
    : "";
  const msg = renderMessage(record.message);
  const head = color
    ? `${DIM}${ts}${RESET} ${lvlColor}${lvl}${RESET} ${DIM}${logger}${RESET} ${msg}`
    : `${ts} ${lvl} ${logger} ${msg}`;
  return [head, ...props].join(" ") + stack + "\n";
}
