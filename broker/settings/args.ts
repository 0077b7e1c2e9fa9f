/** Finds the settings file named on the command line by `--settings FILE` or `--settings=FILE`. */
import { SettingsError } from "./error.ts";

const FLAG = "--settings";

/** The file path, or null when the flag is absent; other arguments are left for their owners. */
export function settingsFileArg(args: readonly string[]): string | null {
  const paths: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === FLAG) {
      paths.push(args[index + 1] ?? "");
      index++;
    } else if (arg.startsWith(`${FLAG}=`)) {
      paths.push(arg.slice(FLAG.length + 1));
    }
  }
  if (paths.length > 1) {
    throw new SettingsError(
      `settings: ${FLAG} given ${paths.length} times (${
        paths.map((p) => JSON.stringify(p)).join(", ")
      }); give one file`,
    );
  }
  if (paths[0] === "" || paths[0]?.startsWith("--")) {
    throw new SettingsError(
      `settings: ${FLAG} needs a file path (use ${FLAG} FILE or ${FLAG}=FILE)`,
    );
  }
  return paths[0] ?? null;
}
