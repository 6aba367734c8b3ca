import { declaredTwiceRefusal } from "../../../core";
import { CheckFailure, resourceName } from "../../../core/inputs/connect";
import { Deployment } from "../../runtime/deployment";
import { declaredOwner } from "../../runtime/engine-calls";
import { isUnknown } from "../../shape";
import { checkSetInputs } from "../../../core/inputs/set";
import { PhoneNumberSetInputs, setLabel } from "../shape";

/**
 * A set's check as the engine calls it, with what it teaches the deployment: the specific numbers the set declares,
 * so that a number another resource of the program declares too (a set or a PhoneNumber) is refused at preview,
 * before either takes it from the other, and a set's delete never releases a number another set declares.
 */
export function checkSetWith(
  dep: Deployment | undefined,
  news: Partial<PhoneNumberSetInputs>,
  configError?: Error,
): { inputs: Partial<PhoneNumberSetInputs>; failures: CheckFailure[] } {
  const failures = checkSetInputs(news);
  if (configError) failures.push({ property: "", reason: configError.message });
  const owner = declaredOwner(news);
  if (failures.length > 0 || !owner || !dep) return { inputs: news, failures };
  const numbers = knownNumbers(news.phoneNumbers);
  dep.noteSetDeclared(owner.key, owner.urn, resourceName(news), numbers);
  const refusal = declaredElsewhere(dep, owner.key, news, numbers);
  if (refusal) failures.push({ property: "phoneNumbers", reason: refusal });
  return { inputs: news, failures };
}

/**
 * The first of the set's specific numbers another resource of the program declares, as core words the refusal; the
 * provider's apply refuses it too (converge), for a program whose checks it did not all see first.
 */
export function declaredElsewhere(
  dep: Deployment,
  ownerKey: string,
  news: Partial<PhoneNumberSetInputs>,
  numbers: readonly string[],
): string | undefined {
  for (const number of numbers) {
    const other = dep.declarerOf(number, "", ownerKey);
    if (other)
      return declaredTwiceRefusal({
        label: setLabel(resourceName(news)),
        number,
        declaration: { name: resourceName(news), kind: "PhoneNumberSet" },
        other,
      });
  }
  return undefined;
}

function knownNumbers(list: unknown): string[] {
  if (!Array.isArray(list) || isUnknown(list)) return [];
  return list.filter((n): n is string => typeof n === "string" && !isUnknown(n));
}
