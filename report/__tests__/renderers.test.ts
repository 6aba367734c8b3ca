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
