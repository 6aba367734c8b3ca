import { ChurnHistory, DAY_MS } from "../../core";
import { FORMATS, budgetChart, render, svgChart } from "..";
import { StatusReport, statusHtml, statusJson, statusText } from "../status";
import { scheduleJson, scheduleOf, scheduleText } from "../waves";
import { expectGolden } from "./golden";
import { NOW, SCENARIOS } from "./scenarios";

const ENV = { GITHUB_WORKSPACE: "/workspace" };
const EXT = { text: "txt", json: "json", markdown: "md", github: "github.txt", sarif: "sarif.json" } as const;

describe.each(Object.entries(SCENARIOS))("%s", (name, build) => {
  it.each(FORMATS)("renders %s as its golden file", (format) => {
    const { out, stepSummary } = render(build(), format, ENV);
    expectGolden(`${name}.${EXT[format]}`, stepSummary === undefined ? out : `${out}\n\n${stepSummary}`);
  });

  it("renders its plan-waves schedule as the golden files", () => {
    const schedule = scheduleOf(build());
    expectGolden(`${name}.waves.txt`, scheduleText(schedule));
    expectGolden(`${name}.waves.json`, JSON.stringify(scheduleJson(schedule), null, 2));
  });
});

describe("minutes of history unseen", () => {
  it("are minutes in the headline as in the coverage sentence, never a day", () => {
    const base = SCENARIOS["within-budget"]();
    const report = {
      ...base,
      history: {
        ...base.history,
        unseenDays: 1,
        unseenMs: 7 * 60_000,
        coverage: "7 minutes of the 180 days of the window unseen (ledger): churn there is not counted",
      },
    };
    for (const format of ["text", "markdown", "github"] as const) {
      const out = render(report, format, ENV).out;
      expect(out).toContain("7 minutes");
      expect(out).not.toMatch(/1 day\b/);
    }
  });
});

describe("a Terraform count index shift of specific numbers", () => {
  it("is a replacement, never a rename, in every format", () => {
    const report = SCENARIOS["index-shift"]();
    const out = (format: (typeof FORMATS)[number]) => render(report, format, ENV).out;
    const json = JSON.parse(out("json"));
    expect(json.renames.map((f: { kind: string; loss: string }) => [f.kind, f.loss])).toEqual([
      ["replacement", "replacement"],
      ["replacement", "replacement"],
    ]);
    const sarif = JSON.parse(out("sarif")).runs[0].results.filter(
      (x: { ruleId: string }) => x.ruleId === "connect-phone-number-rename",
    );
    expect(sarif).toHaveLength(2);
    for (const x of sarif) expect(x.message.text).toMatch(/^A replacement would release a number/);
    expect(out("github")).toMatch(/title=Replacement would lose \+18005550701::/);
    for (const format of FORMATS) expect(out(format)).not.toMatch(/\b[Rr]ename would lose|"kind": "rename"/);
    expect(out("text")).toContain("a replacement would release a number and claim it");
  });
});

describe("a Terraform count index shift of searched numbers (each replacement searches for the number the next releases)", () => {
  it("is a replacement in every format, as the docs say, never a re-claim", () => {
    const report = SCENARIOS["index-shift"]();
    report.findings.renames = report.findings.renames.map((f) => ({ ...f, kind: "reclaim" as const }));
    const out = (format: (typeof FORMATS)[number]) => render(report, format, ENV).out;
    expect(JSON.parse(out("json")).renames.map((f: { kind: string; loss: string }) => [f.kind, f.loss])).toEqual([
      ["replacement", "replacement"],
      ["replacement", "replacement"],
    ]);
    expect(out("github")).toMatch(/title=Replacement would lose \+18005550701::/);
    for (const format of FORMATS) expect(out(format)).not.toMatch(/Re-claim would lose|"kind": "reclaim"/);
  });
});

describe("said once", () => {
  const FIX = /Let Terraform forget it without destroying it/g;
  it("the declared-elsewhere paragraph: once in text and markdown, once in the annotations", () => {
    const report = SCENARIOS["declared-elsewhere"]();
    for (const format of ["text", "markdown", "github"] as const)
      expect(render(report, format, ENV).out.match(FIX)).toHaveLength(1);
  });

  it("SARIF carries the report's notes as notifications", () => {
    const notes = (name: keyof typeof SCENARIOS) =>
      JSON.parse(render(SCENARIOS[name](), "sarif", ENV).out).runs[0].invocations[0].toolExecutionNotifications.map(
        (n: { level: string; message: { text: string } }) => `${n.level} ${n.message.text}`,
      );
    expect(notes("blocked")).toContain("note --allow-release +19995550000 names nothing this plan releases.");
    expect(notes("within-budget")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^note This digest shows no replacement steps: either the plan replaces nothing/),
      ]),
    );
  });

  it('no "(s)" plural in any format', () => {
    for (const build of Object.values(SCENARIOS))
      for (const format of FORMATS) expect(render(build(), format, ENV).out).not.toMatch(/[a-z]\(s\)/);
  });
});

describe("ledger status", () => {
  const report = (): StatusReport => {
    const now = NOW;
    const history = ChurnHistory.build([
      { at: now - 120 * DAY_MS, action: "claim", phoneNumberId: "pn-1" },
      { at: now - 30 * DAY_MS, action: "release", phoneNumberId: "pn-1" },
    ]);
    return {
      ledger: "DynamoDB table team-ledger (us-east-1)",
      accountId: "123456789012",
      region: "us-east-1",
      now,
      coverage:
        "91 of the 180 days of the window unseen, before 2026-03-03T01:00:00.000Z (cloudtrail): churn there is not counted",
      completeSince: now - 89 * DAY_MS,
      completeUntil: now - 15 * 60_000,
      windowDays: 180,
      used: 2,
      limit: 10,
      entries: { reserved: 0, committed: 0, imported: 1 },
      lastSync: {
        at: now,
        by: "nightly",
        from: now - 89 * DAY_MS,
        to: now - 15 * 60_000,
        added: 1,
        matched: 0,
        known: 0,
        freed: 0,
        ownershipFixed: 0,
        inferredReleases: 0,
      },
      assertions: [
        { since: now - 150 * DAY_MS, by: "alice@example.com", at: now - DAY_MS, retracted: { by: "bob", at: now } },
      ],
      windowBytes: 120,
      maxWindowBytes: 350_000,
      chart: budgetChart({ history, now, windowDays: 180, limit: 10, planned: 0 }),
    };
  };

  it("renders text, json and html as their golden files", () => {
    expectGolden("ledger-status.txt", statusText(report()));
    expectGolden("ledger-status.json", JSON.stringify(statusJson(report()), null, 2));
    expectGolden("ledger-status.html", statusHtml(report()));
  });

  it("without a quota it draws no limit and says so", () => {
    expectGolden("ledger-status-no-quota.svg", svgChart({ ...report().chart, limit: null }));
  });
});

describe("what the plan's reader could not see", () => {
  it("is said by plan-waves as by check, in text and JSON", () => {
    const note = "instance/a: the room on this instance was not read (no --cloudtrail); the waves assume it";
    const report = SCENARIOS["over-before"]();
    report.input.notes = [note];
    const schedule = scheduleOf(report);
    expect(render(report, "text", ENV).out).toContain(`note: ${note}`);
    expect(scheduleText(schedule)).toContain(`note: ${note}`);
    expect(scheduleJson(schedule).notes).toEqual([note]);
  });

  it("is said once by plan-waves where its schedule already says it", () => {
    const report = SCENARIOS["over-before"]();
    const reason = scheduleOf(report).reason ?? scheduleText(scheduleOf(report)).split("\n")[0];
    report.input.notes = [reason];
    const text = scheduleText(scheduleOf(report));
    expect(text.split(reason)).toHaveLength(2);
  });
});
