/**
 * YAML configuration loading with strict schema validation.
 *
 * Every process (operator, aggregator, challenger, stake updater) reads one YAML file, validates it
 * with a zod strict object (unknown keys are errors) and fails with a single {@link ConfigError}
 * that lists every problem as `file: key: message`. Secrets may come from environment variables
 * (see `envOverrides`), which win over the file, and are redacted by {@link redactConfig} before
 * anything is printed.
 *
 * @module
 */
import { z } from "zod";
import { parse as parseYaml, type Tags } from "yaml";

/** One problem found in a config file. `key` is a dotted path (`""` for the whole file). */
export type ConfigProblem = { key: string; message: string };

/** Raised when a config file cannot be read, parsed or validated. Lists every problem. */
export class ConfigError extends Error {
  /** Path of the offending file as given by the caller. */
  readonly file: string;
  /** Every problem found, in schema order. */
  readonly problems: ConfigProblem[];
  /** Builds the error; the message has one `file: key: message` line per problem. */
  constructor(file: string, problems: ConfigProblem[]) {
    const lines = problems.map((p) => `${file}: ${p.key === "" ? "(file)" : p.key}: ${p.message}`);
    super(`invalid configuration:\n  ${lines.join("\n  ")}`);
    this.name = "ConfigError";
    this.file = file;
    this.problems = problems;
  }
}

/** Options for {@link loadConfig} and {@link parseConfig}. */
export type LoadOptions = {
  /** Environment to read overrides from (default: the process environment). */
  env?: Record<string, string | undefined>;
  /**
   * Environment variable name → top-level config key. A set variable (even to "") replaces the
   * file's value before validation; this is how secrets stay out of YAML files.
   */
  envOverrides?: Record<string, string>;
};

/**
 * Reads, parses and validates a YAML config file.
 *
 * @throws {ConfigError} naming the file and each bad key (missing, unknown, wrong type, bad value),
 *   or the file itself when it is missing, unreadable or not YAML.
 */
export function loadConfig<S extends z.ZodType>(
  path: string,
  schema: S,
  options: LoadOptions = {},
): z.output<S> {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound
      ? "file not found"
      : `cannot read file (${(err as Error).message})`;
    throw new ConfigError(path, [{ key: "", message: reason }]);
  }
  return parseConfig(text, path, schema, options);
}

/**
 * Parses YAML text (already read from `file`) and validates it against `schema`.
 *
 * @throws {ConfigError} as {@link loadConfig}.
 */
export function parseConfig<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: LoadOptions = {},
): z.output<S> {
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: true, customTags: keepHexAsString });
  } catch (err) {
    const first = (err as Error).message.split("\n")[0];
    throw new ConfigError(file, [{ key: "", message: `not valid YAML: ${first}` }]);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(file, [{ key: "", message: "expected a mapping of keys to values" }]);
  }
  const { data: withEnv, fromEnv } = applyEnvOverrides(
    data as Record<string, unknown>,
    options.env ?? Deno.env.toObject(),
    options.envOverrides ?? {},
  );
  const result = schema.safeParse(withEnv);
  if (result.success) return result.data;
  // A bad value that came from the environment is the variable's fault, not the file's.
  const problems = describeIssues(result.error.issues, withEnv).map((p) => {
    const variable = fromEnv.get(p.key.split(".")[0]);
    return variable ? { ...p, key: `${p.key} (from the environment variable ${variable})` } : p;
  });
  throw new ConfigError(file, problems);
}

// Unquoted `0x…` must stay a string: addresses and keys are hex, and YAML 1.2 would otherwise turn
// them into (imprecise) numbers. Go's YAML decoder into string fields behaves the same way.
function keepHexAsString(tags: Tags): Tags {
  return tags.filter((t) =>
    !(typeof t === "object" && "format" in t && (t.format === "HEX" || t.format === "OCT"))
  );
}

/** Applies the overrides; `fromEnv` maps each overridden key to its variable. */
function applyEnvOverrides(
  data: Record<string, unknown>,
  env: Record<string, string | undefined>,
  overrides: Record<string, string>,
): { data: Record<string, unknown>; fromEnv: Map<string, string> } {
  const out = { ...data };
  const fromEnv = new Map<string, string>();
  for (const [variable, key] of Object.entries(overrides)) {
    const value = env[variable];
    if (value !== undefined) {
      out[key] = value;
      fromEnv.set(key, variable);
    }
  }
  return { data: out, fromEnv };
}

function valueAt(data: unknown, path: PropertyKey[]): { present: boolean } {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return { present: false };
    if (!(seg as string in (cur as Record<PropertyKey, unknown>))) return { present: false };
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return { present: cur !== undefined };
}

function describeIssues(issues: z.core.$ZodIssue[], data: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) {
        problems.push({ key: key === "" ? k : `${key}.${k}`, message: "unknown key" });
      }
    } else if (issue.code === "invalid_type" && !valueAt(data, issue.path).present) {
      problems.push({ key, message: `missing required key (expected ${issue.expected})` });
    } else {
      problems.push({ key, message: issue.message });
    }
  }
  return problems;
}

const SECRET_KEY = /(password|passphrase|private_?key|secret|mnemonic|api_?key)/i;

/** True when a config key name looks like it holds a secret (password, private key, ...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !/_path$|_store_path$|_file$/i.test(key);
}

/**
 * Deep copy of a config with every secret-looking value replaced by `"[REDACTED]"` (absent or
 * empty secrets are shown as such so users can tell "not set" from "set"), and bigints rendered as
 * decimal strings, ready for `JSON.stringify` in a startup log line.
 */
export function redactConfig(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(redactConfig);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(k) && typeof v === "string" && v !== "") out[k] = "[REDACTED]";
    else out[k] = redactConfig(v);
  }
  return out;
}
