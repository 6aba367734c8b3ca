/** One bad input: which property, the value given, what is wrong, and how to fix it. */
export interface ValidationFailure {
  property: string;
  value: unknown;
  reason: string;
  fix: string;
}

export function failure(property: string, value: unknown, reason: string, fix: string): ValidationFailure {
  return { property, value, reason, fix };
}

export function formatFailure(f: ValidationFailure): string {
  return `${f.property} = ${JSON.stringify(f.value)}: ${f.reason}. ${f.fix}`;
}
