import type { PolicyResource } from "@pulumi/policy";
import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PHONE_NUMBER_TYPE, describeCoverage, unseenMs } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { analyze } from "../../policies/connect/analysis";
import { parsePackConfig, resolveSettings } from "../../policies/settings";
import { CHURN_POLICY } from "../../policies/policies";
import { parseProviderConfig } from "../../provider/runtime";
import { cli } from "../e2e/cli-helpers";
import { Declared, EngineModel, PROJECT, STACK, urnOf } from "../model/engine";
import { Story } from "./faces";

/**
 * The randomized half of the differential test: a random account (its quota, its churn before the stack, which
 * history sources the team keeps, its ledger, how it treats unseen days) and a random change of a stack of searched
 * numbers (claims and releases). Each face judges the change from the same account, in-process where it can be and
 * through the real binary for `check`: the pack's analysis (policies/analysis.ts, with the settings the stack config
 * gives it), `connect-numbers check` and `plan-waves` on the preview document Pulumi would print, and the provider
 * through the engine model (test/model/engine.ts) against the emulator, whose event log says what really happened.
 */

const DAY = 86_400_000;
const SEARCH = { countryCode: "US", type: "DID" } as const;

export interface Account {
  quota: number;
  /** Churn before the stack: days ago (CloudTrail answers for the last 90). */
  churn: ReadonlyArray<{ daysAgo: number; action: "claim" | "release" }>;
  /** A history file listing every claim and release of the account (it then vouches for the whole window). */
  historyFile: boolean;
  cloudTrail: boolean;
  ledger: "memory" | "file";
  unseenHistory: "refuse" | "warn";
}

export interface Change {
  /** Numbers the stack holds before the change. */
  held: number;
  /** Of those, how many the change removes (each a release). */
  removed: number;
  /** New resources (each a claim). */
  added: number;
}

export const accountArb: fc.Arbitrary<Account> = fc.record({
  quota: fc.integer({ min: 2, max: 6 }),
  churn: fc.array(
    fc.record({
      daysAgo: fc.integer({ min: 1, max: 179 }),
      action: fc.constantFrom("claim" as const, "release" as const),
    }),
    { maxLength: 10 },
  ),
  historyFile: fc.boolean(),
  cloudTrail: fc.boolean(),
  ledger: fc.constantFrom("memory" as const, "file" as const),
  unseenHistory: fc.constantFrom("refuse" as const, "warn" as const),
});

export const changeArb: fc.Arbitrary<Change> = fc
  .record({ held: fc.integer({ min: 0, max: 3 }), removed: fc.nat(3), added: fc.integer({ min: 0, max: 3 }) })
  .map((c) => ({ ...c, removed: Math.min(c.removed, c.held) }));

interface Setup {
  emu: RunningEmulator;
  dir: string;
  settings: Record<string, string>;
  engine: EngineModel;
  instance: string;
}

async function setUp(account: Account): Promise<Setup> {
  const emu = await startEmulator({ claimDelayMs: 0, quota: account.quota });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-differential-"));
  const info = await emu.control.info();
  const now = Date.now();
  if (account.churn.length > 0)
    await emu.control.seed({ events: account.churn.map((e) => ({ at: now - e.daysAgo * DAY, action: e.action })) });
  const settings: Record<string, string> = {
    "connect-numbers:endpoint": emu.endpoint,
    "connect-numbers:region": emu.region,
    "connect-numbers:cloudTrail": String(account.cloudTrail),
    "connect-numbers:unseenHistory": account.unseenHistory,
    "connect-numbers:ledger": account.ledger === "memory" ? "memory:" : `file:${path.join(dir, "ledger.json")}`,
    "connect-numbers:claimTimeoutSeconds": "5",
  };
  if (account.historyFile) settings["connect-numbers:historyFiles"] = path.join(dir, "history.jsonl");
  // The stack's first numbers are claimed before the history file is written: it lists them too.
  writeHistory(settings, []);
  return {
    emu,
    dir,
    settings,
    engine: new EngineModel(parseProviderConfig((k) => settings[k], {})),
    instance: info.instances[0],
  };
}

/** The stack's numbers before the change, claimed whatever the account's settings say of unseen days. */
async function arrange(setup: Setup, declared: Declared[]): Promise<string | undefined> {
  const lenient: Record<string, string> = { ...setup.settings, "connect-numbers:unseenHistory": "warn" };
  const engine = new EngineModel(parseProviderConfig((k) => lenient[k], {}));
  const r = await engine.up(declared);
  setup.engine.state = engine.state;
  return r.ok ? undefined : r.errors.join(" | ");
}

/** The team's history file: every claim and release the account recorded, each with its CloudTrail event id. */
function writeHistory(
  settings: Record<string, string>,
  events: Array<{ eventId: string; at: number; action: string; phoneNumber?: string; phoneNumberId?: string }>,
): void {
  const file = settings["connect-numbers:historyFiles"];
  if (!file) return;
  const lines = events.map((e) =>
    JSON.stringify({
      time: new Date(e.at).toISOString(),
      action: e.action,
      eventId: e.eventId,
      ...(e.phoneNumber ? { phoneNumber: e.phoneNumber } : {}),
      ...(e.phoneNumberId ? { phoneNumberId: e.phoneNumberId } : {}),
    }),
  );
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
}

function program(setup: Setup, names: string[]): Declared[] {
  return names.map((name) => ({ name, inputs: { ...SEARCH, targetArn: setup.instance } }));
}

/** The resources CrossGuard hands the pack at preview: each declared resource's inputs, with its URN. */
function policyResources(declared: Declared[]): PolicyResource[] {
  const stack = {
    urn: `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`,
    name: `${PROJECT}-${STACK}`,
    type: "pulumi:pulumi:Stack",
    props: {},
  };
  const numbers = declared.map((d) => ({
    urn: urnOf(d.name, d.parent),
    name: d.name,
    type: PHONE_NUMBER_TYPE,
    props: { ...d.inputs },
  }));
  return [stack, ...numbers].map((r) => ({
    ...r,
    opts: {
      aliases: [],
      ignoreChanges: [],
      protect: false,
      dependsOn: [],
      additionalSecretOutputs: [],
      customTimeouts: {},
    },
    isType: () => false,
    asType: () => undefined,
    dependencies: [],
    propertyDependencies: {},
  })) as unknown as PolicyResource[];
}

/** `pulumi preview --json --show-replacement-steps` for this change: creates, deletes and sames, with their states. */
function previewDocument(setup: Setup, declared: Declared[]): string {
  const urns = new Set(declared.map((d) => urnOf(d.name, d.parent)));
  const state = setup.engine.state;
  const steps = [
    ...declared.map((d) => {
      const urn = urnOf(d.name, d.parent);
      const old = state.find((e) => e.urn === urn);
      const newState = { urn, type: PHONE_NUMBER_TYPE, custom: true, inputs: { ...d.inputs, ownerUrn: urn } };
      return old
        ? {
            op: "same",
            urn,
            oldState: {
              urn,
              type: PHONE_NUMBER_TYPE,
              custom: true,
              id: old.id,
              inputs: old.inputs,
              outputs: old.outputs,
            },
            newState: { ...newState, id: old.id, outputs: old.outputs },
          }
        : { op: "create", urn, newState };
    }),
    ...state
      .filter((e) => !urns.has(e.urn))
      .map((e) => ({
        op: "delete",
        urn: e.urn,
        oldState: { urn: e.urn, type: PHONE_NUMBER_TYPE, custom: true, id: e.id, inputs: e.inputs, outputs: e.outputs },
      })),
  ];
  return JSON.stringify({ steps, changeSummary: {} });
}

function packSettings(setup: Setup) {
  // The pack reads the stack's connect-numbers settings (PULUMI_CONFIG); its own policy config is left empty.
  return resolveSettings(parsePackConfig(CHURN_POLICY, {}), stackConfigOf(setup.settings));
}

function stackConfigOf(settings: Record<string, string>) {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) {
    const key = k.slice("connect-numbers:".length);
    if (key === "claimTimeoutSeconds") continue;
    raw[key] = key === "cloudTrail" ? v === "true" : key === "historyFiles" ? [v] : v;
  }
  return parsePackConfig(CHURN_POLICY, raw);
}

async function packFace(setup: Setup, declared: Declared[]): Promise<Story> {
  const settings = packSettings(setup);
  const a = await analyze(policyResources(declared), settings, { budget: true });
  if (!a.ok) return { face: "pack", blocked: settings.failClosed, claims: 0, text: `unreadable: ${a.error.message}` };
  const read = (a.budgets ?? [])[0];
  if (!read || !read.ok)
    return {
      face: "pack",
      blocked: settings.failClosed,
      claims: 0,
      text: `unreadable: ${read && !read.ok ? read.error.message : "no budget"}`,
    };
  const b = read.budget;
  const churn = b.verdict.planned.claims + b.verdict.planned.releases;
  const unseen = unseenMs(b.coverage, b.verdict.now, b.verdict.windowDays) > 0;
  // connect-phone-number-churn blocks on unseen days, the budget and capacity; connect-phone-number-rename on a re-claim.
  const blocked =
    (churn > 0 && ((settings.unseenHistory === "refuse" && unseen) || !b.verdict.ok || b.overruns.length > 0)) ||
    a.plan.renames.length > 0;
  const coverage = describeCoverage(b.coverage, b.verdict.now, b.verdict.windowDays);
  return {
    face: "pack",
    blocked,
    released: a.plan.releases.map((r) => r.phoneNumber).sort(),
    claims: b.verdict.planned.claims,
    coverage,
    text: `renames ${a.plan.renames.length}; verdict ${JSON.stringify({ ok: b.verdict.ok, used: b.verdict.used, limit: b.verdict.limit, projected: b.verdict.projected })}; overruns ${b.overruns.length}; ${coverage}; ${a.inventory.join("; ")}`,
  };
}

function windowArgs(setup: Setup, account: Account): string[] {
  const s = setup.settings;
  return [
    ...(account.cloudTrail
      ? ["--cloudtrail", "--endpoint", setup.emu.endpoint, "--region", setup.emu.region]
      : ["--quota", String(account.quota), "--endpoint", setup.emu.endpoint, "--region", setup.emu.region]),
    ...(s["connect-numbers:historyFiles"] ? ["--history", s["connect-numbers:historyFiles"]] : []),
    "--ledger",
    s["connect-numbers:ledger"],
    "--unseen-history",
    account.unseenHistory,
  ];
}

async function checkFace(setup: Setup, account: Account, document: string): Promise<Story> {
  const r = await cli(["check", "-", ...windowArgs(setup, account), "--format", "json"], { stdin: document });
  const text = `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
  if (r.code > 1)
    return {
      face: "check",
      blocked: true,
      claims: 0,
      coverage: /cannot judge: (.*?)\. Claims/.exec(r.stderr)?.[1],
      text,
    };
  const body = JSON.parse(r.stdout) as {
    claims: number;
    released: Array<{ phoneNumber: string | null }>;
    message: string;
  };
  return {
    face: "check",
    blocked: r.code !== 0,
    released: body.released.map((x) => x.phoneNumber ?? "?").sort(),
    claims: body.claims,
    coverage: /History: (.*)\.$/.exec(body.message)?.[1],
    text,
  };
}

async function planWavesFace(setup: Setup, account: Account, document: string): Promise<Story> {
  const r = await cli(["plan-waves", "-", ...windowArgs(setup, account), "--format", "json"], { stdin: document });
  const text = `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
  if (r.code > 1) return { face: "plan-waves", blocked: true, claims: 0, text };
  const body = JSON.parse(r.stdout) as {
    feasible: boolean;
    waves: Array<{ at: string; operations: Array<{ action: string; phoneNumber?: string }> }>;
  };
  const ops = body.waves.flatMap((w) => w.operations);
  // A schedule whose first wave is not now does not let the whole change through today.
  const now = body.waves.length <= 1;
  return {
    face: "plan-waves",
    blocked: !body.feasible || !now,
    released: !body.feasible
      ? undefined
      : ops
          .filter((o) => o.action === "release")
          .map((o) => o.phoneNumber ?? "?")
          .sort(),
    claims: ops.filter((o) => o.action === "claim").length,
    text,
  };
}

async function providerFace(setup: Setup, declared: Declared[]): Promise<Story> {
  const before = new Set((await setup.emu.control.events()).map((e) => e.eventId));
  const r = await setup.engine.up(declared);
  const made = (await setup.emu.control.events()).filter((e) => !before.has(e.eventId));
  const text = [...r.errors, ...r.warnings].join("\n");
  const coverage =
    /refusing to \w+ [^:]*: .*?\(account \d+ in [\w-]+; (.*?)\.\)/.exec(text)?.[1] ??
    /refusing to \w+ [^:]* in account \d+ in [\w-]+: (.*?)\. Add a history/.exec(text)?.[1] ??
    /account \d+ in [\w-]+: (.*?); going ahead/.exec(text)?.[1];
  return {
    face: "provider",
    blocked: !r.ok,
    released: made
      .filter((e) => e.action === "release")
      .map((e) => e.phoneNumber ?? "?")
      .sort(),
    claims: made.filter((e) => e.action === "claim").length,
    coverage,
    text: `${r.ok ? "ok" : "failed"}\n${text}`,
  };
}

export interface Outcome {
  stories: Story[];
  /** The stack's first deployment failed: the case says nothing about the change. */
  setupFailed?: string;
}

/** One random case: the stack's numbers first (through the provider), then the change, judged by every face. */
export async function judge(account: Account, change: Change): Promise<Outcome> {
  const setup = await setUp(account);
  try {
    const names = Array.from({ length: change.held }, (_, i) => `held${i}`);
    if (names.length > 0) {
      const failed = await arrange(setup, program(setup, names));
      if (failed !== undefined) return { stories: [], setupFailed: failed };
    }
    writeHistory(setup.settings, await setup.emu.control.events());
    // As a user's next preview comes after the last deployment: a ledger's span ends there, and every face then
    // reads a moment since (else the face that runs first may read the very second the span ends, and say less).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const declared = program(setup, [
      ...names.slice(change.removed),
      ...Array.from({ length: change.added }, (_, i) => `added${i}`),
    ]);
    const document = previewDocument(setup, declared);
    const pack = await packFace(setup, declared);
    const check = await checkFace(setup, account, document);
    const waves = await planWavesFace(setup, account, document);
    const provider = await providerFace(setup, declared);
    return { stories: [pack, check, waves, provider] };
  } finally {
    await setup.emu.stop();
    fs.rmSync(setup.dir, { recursive: true, force: true });
  }
}
