import { ValidationFailure, failure } from "./failure";

export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 500;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Checks tags against the AWS limits. `reserved` are keys the product writes itself (ownership tags): the user
 * may not set them, and they count against the limit of 50.
 */
export function validateTags(property: string, value: unknown, reserved: readonly string[] = []): ValidationFailure[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [failure(property, value, "must be a map of strings", 'Write tags as { key: "value" }.')];
  }
  const failures: ValidationFailure[] = [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length + reserved.length > MAX_TAGS) {
    failures.push(
      failure(
        property,
        `${entries.length} tags`,
        `is more than ${MAX_TAGS - reserved.length} (AWS allows ${MAX_TAGS}; ${reserved.length} are used for ownership)`,
        "Remove some tags.",
      ),
    );
  }
  for (const [key, v] of entries) {
    const at = `${property}[${JSON.stringify(key)}]`;
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      failures.push(
        failure(at, key, `key length ${key.length} is outside 1..${MAX_TAG_KEY_LENGTH}`, "Shorten the key."),
      );
    } else if (key.toLowerCase().startsWith("aws:")) {
      failures.push(failure(at, key, 'keys starting with "aws:" are reserved by AWS', "Choose another key."));
    } else if (!TAG_KEY.test(key)) {
      failures.push(
        failure(
          at,
          key,
          "contains characters AWS does not allow in tag keys",
          "Use letters, digits, spaces and _ . : / = + - @ only.",
        ),
      );
    } else if (reserved.includes(key)) {
      failures.push(failure(at, key, "is an ownership tag that connect-numbers sets itself", "Remove it from tags."));
    }
    if (typeof v !== "string") {
      failures.push(failure(at, v, "must be a string", `Quote the value: "${String(v)}".`));
    } else if (v.length > MAX_TAG_VALUE_LENGTH) {
      failures.push(
        failure(
          at,
          `${v.slice(0, 20)}…`,
          `value length ${v.length} is over ${MAX_TAG_VALUE_LENGTH}`,
          "Shorten the value.",
        ),
      );
    }
  }
  return failures;
}

export function validateDescription(property: string, value: unknown): ValidationFailure | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") return failure(property, value, "must be a string", "Give a short text.");
  if (value.length > MAX_DESCRIPTION_LENGTH) {
    return failure(
      property,
      `${value.slice(0, 30)}…`,
      `is ${value.length} characters, over ${MAX_DESCRIPTION_LENGTH}`,
      "Shorten it.",
    );
  }
  return undefined;
}
