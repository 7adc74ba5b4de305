/** Where the CLI writes its output and reads its environment (injectable for tests). */

/** Output sinks and environment of the CLI. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: (name: string) => string | undefined;
}
