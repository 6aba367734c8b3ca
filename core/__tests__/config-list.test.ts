import fc from "fast-check";
import { stackConfigFix, stackConfigList } from "../config-list";

describe("stackConfigList: one reading of a list in a stack's config for the provider, the pack and the CLI", () => {
  it("takes a structured list, a JSON list in a string, and one plain string as a list of one", () => {
    expect(stackConfigList(["a.jsonl", "b.jsonl"])).toEqual({ ok: true, value: ["a.jsonl", "b.jsonl"] });
    expect(stackConfigList('["a.jsonl","b.jsonl"]')).toEqual({ ok: true, value: ["a.jsonl", "b.jsonl"] });
    expect(stackConfigList("churn-history.jsonl")).toEqual({ ok: true, value: ["churn-history.jsonl"] });
  });

  it("refuses what it cannot read as a list of strings, saying which", () => {
    expect(stackConfigList('["a.jsonl", 3]')).toEqual({ ok: false, problem: "must be a JSON list of strings" });
    expect(stackConfigList("[not json")).toEqual({ ok: false, problem: "must be a JSON list of strings" });
    expect(stackConfigList(3)).toEqual({ ok: false, problem: "must be a list of strings" });
    expect(stackConfigList({ a: "b" })).toEqual({ ok: false, problem: "must be a list of strings" });
  });

  it("reads back any list of strings written as JSON, and any string that does not open a list as itself", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (list) => {
        expect(stackConfigList(JSON.stringify(list))).toEqual({ ok: true, value: list });
      }),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.trim().startsWith("[")),
        (s) => {
          expect(stackConfigList(s)).toEqual({ ok: true, value: [s] });
        },
      ),
    );
  });

  it("names the command that fixes each key, a list entry by entry as a string", () => {
    expect(stackConfigFix(["windowDays", "allowReleases", "windowDays"])).toBe(
      "`pulumi config set connect-numbers:windowDays VALUE`, " +
        "`pulumi config set --path 'connect-numbers:allowReleases[0]' VALUE --type string` (and [1], [2], … for more)",
    );
  });
});
