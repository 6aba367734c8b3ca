/**
 * A list in a Pulumi stack's config (connect-numbers:historyFiles, allowReleases), as the provider, the pack and the
 * CLI each read it: a structured list (`pulumi config set --path 'key[0]' …`, or YAML), a JSON list in a string, or
 * one plain string, which is a list of one (what `pulumi config set key value` writes). One rule, so a value one
 * face takes is never refused by another.
 */
export function stackConfigList(raw: unknown): { ok: true; value: string[] } | { ok: false; problem: string } {
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  if (strings(raw)) return { ok: true, value: raw };
  if (typeof raw !== "string") return { ok: false, problem: "must be a list of strings" };
  if (!raw.trim().startsWith("[")) return { ok: true, value: [raw] };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (strings(parsed)) return { ok: true, value: parsed };
  } catch {
    // Reported below: a value that starts as a JSON list must be one.
  }
  return { ok: false, problem: "must be a JSON list of strings" };
}

/** The stack-config keys whose value is a list (stackConfigList). */
const LIST_KEYS = new Set(["historyFiles", "allowReleases"]);

/**
 * The command that sets each of these keys, for an error about their values: a list entry by entry, as a string
 * (`--type string`: a bare +1… or a number-like id would be stored as a number).
 */
export function stackConfigFix(keys: readonly string[]): string {
  return [...new Set(keys)]
    .map((k) =>
      LIST_KEYS.has(k)
        ? `\`pulumi config set --path 'connect-numbers:${k}[0]' VALUE --type string\` (and [1], [2], … for more)`
        : `\`pulumi config set connect-numbers:${k} VALUE\``,
    )
    .join(", ");
}

/**
 * The releases a face lets through on purpose: its own allowance (the pack's allowReleases, check's --allow-release)
 * together with the stack's connect-numbers:allowReleases, which the provider reads. A release the stack allows is
 * one `pulumi up` makes, so a face that can read the stack's config must not block it as unintended.
 */
export function releasesAllowed(own: readonly string[], stack: readonly string[]): string[] {
  return [...new Set([...own, ...stack])];
}
