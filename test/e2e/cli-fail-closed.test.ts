import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURES, NOW, cli, fixture, historyLines, tempDir } from "./cli-helpers";

/**
 * Every way a plan or its history can be partial or unjudgeable exits 3 with one line that names what is missing
 * and how to produce a complete plan: through the real binary, stdout and stderr piped. Real captures where the
 * real CLI can produce the case; the rest derived from real captures by the damage the case describes.
 */
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const GOOD = fixture("pulumi-preview-changes-replacement-steps.json");
const EVENTS = fixture("pulumi-events-changes.jsonl");
const TERRAFORM = JSON.parse(fixture("terraform-plan.json"));
const judge = ["--quota", "20", "--now", NOW, "--unseen-history", "warn"];

async function refused(stdin: string, message: RegExp, args: string[] = judge, code = 3) {
  const r = await cli(["check", "-", ...args], { stdin });
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: "" });
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  return r;
}

const digest = (edit: (d: Record<string, unknown> & { steps: Array<Record<string, unknown>> }) => void) => {
  const d = JSON.parse(GOOD);
  edit(d);
  return JSON.stringify(d, null, 2);
};

describe("check refuses a plan it cannot judge in full (exit 3)", () => {
  it("the good plan these cases damage is judged (exit 0)", async () => {
    expect((await cli(["check", "-", ...judge], { stdin: GOOD })).code).toBe(0);
    expect((await cli(["check", "-", ...judge], { stdin: EVENTS })).code).toBe(0);
    expect((await cli(["check", "-", ...judge], { stdin: JSON.stringify(TERRAFORM) })).code).toBe(0);
  });

  it("a failed preview: error diagnostics and only the stack's own step (real capture)", async () => {
    await refused(
      fixture("pulumi-preview-failed.json"),
      /the preview failed \(error: .*the program failed on purpose.*run `pulumi preview --json --show-replacement-steps/,
    );
  });

  // Not exit 3: this refusal is a verdict core words and finds again, so check blocks (exit 1) as the provider did.
  it("a preview the provider refused for a set's unnamed shrink blocks (exit 1), quoting it down to the fix", async () => {
    // The provider's refusal of a PhoneNumberSet shrink that names no release, as `pulumi preview --json` records it.
    const refusal =
      'error: PhoneNumberSet "fleet": the set holds 2 numbers its declaration no longer wants and names none of them in release: a set never picks numbers to give up by itself (a release puts a number into a cooldown of up to 180 days). Candidates: +12125550155, +12125550172. Name the ones to let go (release: ["+12125550155", …]), or raise the counts back.';
    const failed = JSON.parse(fixture("pulumi-preview-failed.json"));
    failed.diagnostics = [{ urn: `urn:pulumi:s::p::${TYPE}Set::fleet`, message: `${refusal}\n`, severity: "error" }];
    const quoted = /Candidates: \+12125550155, \+12125550172\. Name the ones to let go/;
    await refused(JSON.stringify(failed), quoted, judge, 1);
    const events = fixture("pulumi-events-failed.jsonl")
      .split("\n")
      .map((line) => {
        const event = line.trim() === "" ? undefined : JSON.parse(line);
        if (event?.diagnosticEvent?.severity !== "error") return line;
        event.diagnosticEvent.message = `${refusal.replace(/^error: /, "")}\n`;
        return JSON.stringify(event);
      })
      .join("\n");
    await refused(events, quoted, judge, 1);
  });

  it("a digest with only a changeSummary", async () => {
    await refused(JSON.stringify({ changeSummary: { create: 2, same: 1 } }), /has no "steps" \(only changeSummary\)/);
  });

  it("a digest whose result is not success", async () => {
    await refused(
      digest((d) => (d.result = "failed")),
      /result is "failed", not "succeeded"/,
    );
  });

  it('{"steps": null}, and steps of the wrong type', async () => {
    await refused(JSON.stringify({ steps: null, changeSummary: { same: 1 } }), /"steps" is null, not a list of steps/);
    await refused(
      JSON.stringify({ steps: { op: "create" }, changeSummary: { same: 1 } }),
      /"steps" is an object, not a list of steps/,
    );
    await refused(
      JSON.stringify({ steps: ["create"], changeSummary: { same: 1 } }),
      /a step is the string "create", not an object/,
    );
    await refused(
      digest((d) => (d.steps[1].oldState = "gone")),
      /"oldState" is the string "gone", not an object/,
    );
    await refused(
      digest((d) => (d.changeSummary = [])),
      /"changeSummary" is an array, not an object/,
    );
  });

  it("text after the JSON document: Pulumi's stderr mixed into stdout", async () => {
    await refused(
      `${GOOD}\nerror: preview failed\n`,
      /unexpected "error: preview failed\\n" after the JSON document \(is another program's output, such as Pulumi's stderr, mixed into it\?\)/,
    );
  });

  it("text before the JSON document", async () => {
    await refused(
      `warning: A new version of Pulumi is available\n${GOOD}`,
      /is not JSON \(it starts with "warning: A new version/,
    );
  });

  it("a digest cut off (truncated JSON), and one that never reached its summary", async () => {
    await refused(GOOD.slice(0, GOOD.length / 2), /not one complete JSON document \(the document ends early/);
    await refused(
      digest((d) => delete d.changeSummary),
      /has no "changeSummary": the preview did not reach its end/,
    );
  });

  it("a digest whose steps fall short of its changeSummary (steps cut or edited out)", async () => {
    await refused(
      digest((d) => (d.steps = d.steps.filter((s) => s.op !== "delete"))),
      /its changeSummary counts 1 delete step but it lists 0: steps are missing/,
    );
  });

  it("a digest that says the stack may be corrupt", async () => {
    await refused(
      digest((d) => (d.maybeCorrupt = true)),
      /"maybeCorrupt": true/,
    );
  });

  it("a digest made without --show-replacement-steps, which hides pending deletes (real capture)", async () => {
    await refused(
      fixture("pulumi-preview-changes.json"),
      /replaces urn:pulumi:dev::numbers::.*::support but was made without --show-replacement-steps: Pulumi then hides pending deletes/,
    );
    // Where nothing is replaced nothing proves the flag missing: Pulumi leaves the pending delete out entirely
    // (compare pulumi-preview-pending-delete.json). The verdict says so rather than passing in silence.
    const hidden = await cli(["check", "-", ...judge], { stdin: fixture("pulumi-preview-pending-delete-hidden.json") });
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain(
      "or it was made without `--show-replacement-steps`, and then Pulumi left out pending deletes",
    );
  });

  it("a Terraform plan marked errored", async () => {
    await refused(
      JSON.stringify({ ...TERRAFORM, errored: true, complete: false, applyable: false }),
      /Terraform marked the plan "errored": true: planning failed part-way/,
    );
  });

  it("a Terraform plan that defers a phone number's change, or of another major format version, or with the wrong types", async () => {
    const deferred = { reason: "resource_config_unknown", resource_change: TERRAFORM.resource_changes[1] };
    await refused(
      JSON.stringify({ ...TERRAFORM, complete: false, deferred_changes: [deferred] }),
      /deferred changes to phone numbers .*aws_connect_phone_number\.sales \(resource_config_unknown\)/,
    );
    await refused(JSON.stringify({ ...TERRAFORM, format_version: "2.0" }), /format_version "2.0" is not 1.x/);
    await refused(
      JSON.stringify({ ...TERRAFORM, resource_changes: null }),
      /"resource_changes" is null, not a list of resource changes/,
    );
    await refused(JSON.stringify({ ...TERRAFORM, errored: "no" }), /"errored" is the string "no", not true or false/);
  });

  it("a Terraform plan marked incomplete (complete: false): never an OK (exit 3, saying what it showed); blocked when what it shows already blocks", async () => {
    const incomplete = JSON.stringify({ ...TERRAFORM, complete: false });
    for (const format of ["text", "json", "sarif", "github"]) {
      const r = await refused(
        incomplete,
        /cannot judge: Terraform marks standard input incomplete \("complete": false\): more changes follow this apply .*; its 2 claims and 3 releases fit \(5 of 40 in the 180-day window\), but what follows is not counted\. Judge the whole change: plan without -target/,
        [...judge, "--format", format],
      );
      expect(r.stderr).not.toContain("within budget");
    }
    // The same plan under a budget it already breaks: blocked (exit 1), and the verdict says the plan is partial.
    const blocked = await cli(
      ["check", "-", "--quota", "0", "--now", NOW, "--unseen-history", "warn", "--format", "json"],
      { stdin: incomplete },
    );
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout).input.notes).toContainEqual(
      expect.stringContaining(
        'Terraform marks standard input incomplete ("complete": false): more changes follow this apply',
      ),
    );
  });

  it("an engine-event log cut off before its summaryEvent, which the complete log under the same budget blocks", async () => {
    const budget = ["--quota", "1", "--now", NOW, "--unseen-history", "warn"];
    expect((await cli(["check", "-", ...budget], { stdin: EVENTS })).code).toBe(1);
    const cut = EVENTS.slice(0, EVENTS.indexOf('"summaryEvent"'));
    await refused(cut.slice(0, cut.lastIndexOf("\n") + 1), /ends before its summaryEvent: the log is cut off/, budget);
  });

  it("an engine-event log whose summary says the preview failed (real capture)", async () => {
    await refused(fixture("pulumi-events-failed.jsonl"), /the preview failed \(.*the program failed on purpose/);
  });

  it("an engine-event log with other output mixed in, or of an update rather than a preview", async () => {
    const lines = EVENTS.trimEnd().split("\n");
    await refused(
      [...lines.slice(0, 3), "error: something went wrong", ...lines.slice(3)].join("\n"),
      /:4 is not a JSON object \(truncated, or other output mixed in: "error: something went wrong"\)/,
    );
    await refused(
      EVENTS.replace('"isPreview":true', '"isPreview":false'),
      /is the event log of an update, not of a preview/,
    );
  });

  it("a plan written as UTF-16 (Windows PowerShell's `>`) is refused saying so; a UTF-8 byte-order mark is read past", async () => {
    for (const plan of [GOOD, EVENTS]) {
      const r = await cli(["check", "-", ...judge, "--format", "json"], { stdin: `\uFEFF${plan}` });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).released).toHaveLength(2);
    }
    const t = tempDir("cn-utf16-");
    try {
      const file = path.join(t.dir, "plan.json");
      fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, "utf16le")]));
      const r = await cli(["check", file, ...judge]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
      expect(r.stderr).toMatch(/is UTF-16 \(byte-order mark FF FE\), not UTF-8: .*Out-File -Encoding utf8/);
    } finally {
      t.cleanup();
    }
  });

  it("a plan path that is a directory (exit 3 naming it), not a usage error", async () => {
    const r = await cli(["check", FIXTURES, ...judge]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
    expect(r.stderr).toContain(`${FIXTURES} is a directory, not a plan file`);
  });

  it("empty input", async () => {
    await refused("", /standard input is empty/);
    await refused("  \n\n", /standard input is empty/);
  });

  it("an unknown op kind on a phone number", async () => {
    await refused(
      digest((d) => (d.steps.find((s) => s.op === "delete")!.op = "transmogrify")),
      /unknown Pulumi step op "transmogrify" on .*overflow: refusing to count it as no churn/,
    );
  });

  it("a phone-number step whose number, or whose new state, cannot be read", async () => {
    await refused(
      digest((d) => {
        const del = d.steps.find((s) => s.op === "delete")!;
        del.oldState = { type: TYPE, urn: del.urn, id: "x", outputs: { phoneNumber: "[secret]" } };
      }),
      /::overflow is deleted but the plan does not say which number it holds \(no phone number or id in its old state: phoneNumber hidden\)/,
    );
    await refused(
      digest((d) => {
        const create = d.steps.find((s) => s.op === "create")!;
        create.newState = { type: TYPE };
      }),
      /::helpline is created but the plan has no new state for it/,
    );
  });

  it("Terraform state rather than a plan (`terraform show -json` without a plan file), which lists no changes at all", async () => {
    const state = {
      format_version: "1.0",
      terraform_version: "1.9.8",
      values: {
        root_module: {
          resources: [
            {
              address: "aws_connect_phone_number.support",
              mode: "managed",
              type: "aws_connect_phone_number",
              values: { id: "pn-1", phone_number: "+18005550100" },
            },
          ],
        },
      },
    };
    await refused(
      JSON.stringify(state),
      /is Terraform state, not a plan \(it has no "planned_values"\).*terraform show -json tfplan/,
    );
    await refused(JSON.stringify({ format_version: "1.0" }), /is Terraform state, not a plan/);
    // A plan with no changes has planned_values and no resource_changes: that one is judged.
    const noChanges = {
      format_version: "1.2",
      terraform_version: "1.9.8",
      planned_values: { root_module: {} },
      applyable: false,
      complete: true,
      errored: false,
    };
    expect((await cli(["check", "-", ...judge], { stdin: JSON.stringify(noChanges) })).code).toBe(0);
  });

  it("an engine-event log with resource events missing before an intact summaryEvent, which the complete log under the same budget blocks", async () => {
    const budget = ["--quota", "1", "--now", NOW, "--unseen-history", "warn"];
    const lines = EVENTS.trimEnd().split("\n");
    const isDelete = (l: string) => l.includes('"op":"delete"') && l.includes("::overflow");
    expect(lines.filter(isDelete)).toHaveLength(2);
    const dropped = lines.filter((l) => !isDelete(l)).join("\n");
    expect((await cli(["check", "-", ...budget], { stdin: EVENTS })).code).toBe(1);
    await refused(dropped, /summaryEvent counts 1 delete step but the log shows 0: events are missing/, budget);
  });

  it("an engine-event log whose summary says the stack may be corrupt", async () => {
    expect(EVENTS).toContain('"maybeCorrupt":false');
    await refused(
      EVENTS.replace('"maybeCorrupt":false', '"maybeCorrupt":true'),
      /says the stack may be corrupt \("maybeCorrupt": true\)/,
    );
  });

  describe("history", () => {
    let t: ReturnType<typeof tempDir>;
    beforeEach(() => (t = tempDir("cn-history-")));
    afterEach(() => t.cleanup());

    it("no history source at all: refused by default, naming the unseen days and the three fixes", async () => {
      const r = await refused(GOOD, /cannot judge: 180 of the 180 days of the window unseen \(no history source\)/, [
        "--quota",
        "20",
        "--now",
        NOW,
      ]);
      expect(r.stderr).toContain("add --history FILE");
      expect(r.stderr).toContain("a churn ledger whose coverage is complete");
      expect(r.stderr).toContain("--unseen-history warn");
    });

    it("a history time that is not RFC 3339 with an offset: the file (named absolutely) and the line", async () => {
      const file = t.write(
        "history.jsonl",
        historyLines([
          { time: "2026-05-01T00:00:00Z", action: "claim" },
          { time: "06/01/2026", action: "release" },
        ]),
      );
      await refused(
        GOOD,
        new RegExp(
          `${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: "time" "06/01/2026" is not an RFC 3339 date-time with an offset`,
        ),
        ["--quota", "20", "--now", NOW, "--history", file],
      );
    });

    it("a relative --history path is read from the current directory and named absolutely when missing", async () => {
      t.write("infra/churn.jsonl", historyLines([{ time: "2026-05-01T00:00:00Z", action: "claim" }]));
      const ok = await cli(
        [
          "check",
          path.join(FIXTURES, "pulumi-preview-changes-replacement-steps.json"),
          "--quota",
          "20",
          "--now",
          NOW,
          "--history",
          "churn.jsonl",
        ],
        { cwd: path.join(t.dir, "infra") },
      );
      expect(ok.code).toBe(0);
      const missing = await cli(
        [
          "check",
          path.join(FIXTURES, "pulumi-preview-changes-replacement-steps.json"),
          "--quota",
          "20",
          "--now",
          NOW,
          "--history",
          "nope.jsonl",
        ],
        { cwd: t.dir },
      );
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain(`history file ${path.join(t.dir, "nope.jsonl")} cannot be read (ENOENT)`);
    });

    it("an empty or non-decimal number option is a usage error (2), not a quota of 0 (an unset CI variable)", async () => {
      for (const [option, value] of [
        ["--quota", ""],
        ["--quota", " "],
        ["--quota", "0x10"],
        ["--quota", "1e2"],
        ["--window-days", ""],
        ["--ratio-percent", ""],
        ["--reserve-percent", " "],
      ]) {
        const args = [
          "check",
          "-",
          "--now",
          NOW,
          "--unseen-history",
          "warn",
          ...(option === "--quota" ? [] : ["--quota", "20"]),
          option,
          value,
        ];
        const r = await cli(args, { stdin: GOOD });
        expect({ option, value, code: r.code }).toEqual({ option, value, code: 2 });
        expect(r.stderr).toContain(`Expected a whole number >= `);
      }
    });

    it("without --now, history stamped after now (clocks disagree, or a mistyped year) still counts, and the verdict says so", async () => {
      const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
      const file = t.write(
        "skewed.jsonl",
        historyLines([
          { time: later(2), action: "claim" },
          { time: later(24 * 365 * 36), action: "release" },
        ]),
      );
      const plan = path.join(FIXTURES, "pulumi-preview-pending-delete.json");
      // Budget 2: the two recorded events and the plan's one release make 3 (a release the provider refuses: the
      // pending delete's number has deletionProtection).
      const r = await cli(["check", plan, "--quota", "1", "--history", file, "--format", "json"]);
      expect(r.code).toBe(1);
      const body = JSON.parse(r.stdout);
      expect(body).toMatchObject({ used: 2, releases: 1, blockedBy: ["over-budget", "release-refused"] });
      expect(body.history.coverage).toMatch(
        /2 events stamped after now \(the latest .*Z, in .*skewed\.jsonl\) counted as now/,
      );
      // With --now the instant is chosen on purpose: later events have not happened yet at it, as documented.
      expect(
        JSON.parse(
          (
            await cli([
              "check",
              plan,
              "--quota",
              "1",
              "--history",
              file,
              "--now",
              new Date().toISOString(),
              "--format",
              "json",
            ])
          ).stdout,
        ).blockedBy,
      ).toEqual(["release-refused"]);
    });

    it("an unreadable --now is a usage error (2), not bad input", async () => {
      const r = await cli(["check", "-", "--quota", "20", "--now", "06/01/2026", "--unseen-history", "warn"], {
        stdin: GOOD,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Expected an RFC 3339 time with an offset");
    });
  });
});
