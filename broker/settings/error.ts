/** The one error type settings loading throws: a single line naming the key or file. */
export class SettingsError extends Error {
  constructor(message: string) {
    if (message.includes("\n")) {
      throw new Error(`settings error message must be one line: ${message}`);
    }
    super(message);
    this.name = "SettingsError";
  }
}

/** The first line of an underlying error's message, for wrapping it into a SettingsError. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0].trim().replace(/:$/, "");
}
