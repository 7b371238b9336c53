/** The only place plugboard reads the process environment (STYLE.md §7). */
export function readProcessEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
