/** The program's name and version, as `/version`, the console and `blink_build_info` show them. */
export const BLINK_NAME = "blink-deno";
export const BLINK_VERSION = "0.1.0";
