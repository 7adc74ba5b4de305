/**
 * Test-only entry point that runs the `keys` command as its own process, used by the CLI test
 * when the project's `cli.ts` does not mount the command (yet).
 */
import { keysCommand } from "../../lib/cli/keys.ts";

await keysCommand().parseAsync(Deno.args, { from: "user" });
