/**
 * Option parsers the command modules need while registering, before any action runs. Kept free of
 * imports so that `xxgk --help` (and every command's registration) stays cheap: see bin/README.md.
 */

/** Repeatable option (`--source a --source b`): commander calls this once per occurrence. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
