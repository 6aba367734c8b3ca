import { declaredNumbers } from "../connect/declared";
import { derivePlan } from "../connect/derive";
import { allowedBy } from "../policies";
import { INSTANCE, held, resource, urn } from "./resources";

describe("allowReleases: which entry lets a release go", () => {
  const sales = {
    phoneNumberId: "id-2",
    phoneNumber: "+12065550142",
    countryCode: "US",
    type: "DID",
    targetArn: INSTANCE,
  };
  const { releases, renames } = derivePlan(
    declaredNumbers([resource("sales-main", { targetArn: INSTANCE, countryCode: "US", type: "DID" })]),
    [held(urn("sales"), sales)],
    "us-east-1",
  );

  it("names the number (E.164 or id), the released resource, or the resource that re-claims it", () => {
    expect(renames).toHaveLength(1);
    for (const entry of ["+12065550142", "id-2", "sales", urn("sales"), "sales-main", urn("sales-main")])
      expect(allowedBy(releases[0], renames, ["other", entry], ["other", entry])).toBe(entry);
  });

  it("names nothing else", () => {
    expect(allowedBy(releases[0], renames, [], [])).toBeUndefined();
    expect(allowedBy(releases[0], renames, ["+12065550143", "support"], ["+12065550143", "support"])).toBeUndefined();
    expect(allowedBy(releases[0], [], ["sales-main"], ["sales-main"])).toBeUndefined();
  });

  it("lets the rename's release go only by the stack's list, which the provider reads; a plain release by either", () => {
    expect(allowedBy(releases[0], renames, ["sales"], [])).toBeUndefined();
    expect(allowedBy(releases[0], renames, ["sales"], ["sales"])).toBe("sales");
    expect(allowedBy(releases[0], [], ["sales"], [])).toBe("sales");
  });
});
