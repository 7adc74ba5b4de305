/**
 * CLI entry point (`deno task cli <command>`): operator setup, stake updates, the veto
 * committee's freeze-request commands and key management. See `lib/cli/program.ts`.
 *
 * @module
 */
import { buildProgram } from "./lib/cli/program.ts";

/** Runs one CLI command; returns the exit code (commands that fail exit inside the parser). */
export async function main(argv: string[]): Promise<number> {
  await buildProgram().parseAsync(argv, { from: "user" });
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
