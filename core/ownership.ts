/**
 * Tags every claim carries in the same call, so the live account says which stack and resource own a number and
 * which claim created it: the policy pack finds releases through them, and a retried search-mode create finds
 * the number its earlier attempt claimed.
 */
export const OWNER_STACK_TAG = "connect-numbers:stack";
export const OWNER_RESOURCE_TAG = "connect-numbers:resource";
export const CLAIM_KEY_TAG = "connect-numbers:claim-key";
export const OWNERSHIP_TAG_KEYS = [OWNER_STACK_TAG, OWNER_RESOURCE_TAG, CLAIM_KEY_TAG] as const;

export interface Owner {
  project: string;
  stack: string;
  resourceName: string;
}

/** "project/stack": one stack's numbers, across the account. */
export function stackKey(project: string, stack: string): string {
  return `${project}/${stack}`;
}

export function ownershipTags(owner: Owner, claimKey: string): Record<string, string> {
  return {
    [OWNER_STACK_TAG]: stackKey(owner.project, owner.stack),
    [OWNER_RESOURCE_TAG]: owner.resourceName,
    [CLAIM_KEY_TAG]: claimKey,
  };
}

export function ownerOf(tags: Record<string, string> | undefined): { stack: string; resourceName: string; claimKey?: string } | undefined {
  const stack = tags?.[OWNER_STACK_TAG];
  const resourceName = tags?.[OWNER_RESOURCE_TAG];
  if (!stack || !resourceName) return undefined;
  return { stack, resourceName, claimKey: tags?.[CLAIM_KEY_TAG] };
}

/** The user's tags without ours: what a diff of `tags` compares. */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (!(OWNERSHIP_TAG_KEYS as readonly string[]).includes(k)) out[k] = v;
  return out;
}
