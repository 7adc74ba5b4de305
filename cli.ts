/**
 * CLI entry point (`deno task cli <command>`): operator setup, stake updates, the veto
 * committee's freeze-request commands and key management. See `lib/cli/program.ts`.
 */
import { buildProgram } from "./lib/cli/program.ts";

await buildProgram().parseAsync(Deno.args, { from: "user" });
