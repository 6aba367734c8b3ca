import { RunResult } from "../../scripts/pulumi-workspace";
import { cli } from "../e2e/cli-helpers";
import type { CaseStack } from "./stack";

/**
 * What each face says about one change, reduced to the facts they must agree on: the verdict (blocked or not), the
 * numbers released, the claims, and the coverage sentence. The provider's story is read from the emulator (its event
 * log is AWS's own record of claims and releases) and from `pulumi up`'s output (its refusals).
 */

const REPORT = "connect-phone-number-report";

/** What the gates' stories read of a stack: a CaseStack, or any stack that says these (a NumbersStack's, adapted). */
export type GateStack = Pick<CaseStack, "pulumi" | "packArgs" | "history" | "emu" | "allowArgs" | "env" | "projectDir">;

export interface Story {
  face: "pack" | "check" | "plan-waves" | "provider";
  blocked: boolean;
  /** E.164 numbers released, sorted; undefined when the face does not say (plan-waves refusing to schedule). */
  released?: string[];
  claims: number;
  /** describeCoverage's sentence, where the face says one. */
  coverage?: string;
  /** Everything the face printed, for the report of a disagreement and for "it says what it cannot see". */
  text: string;
  /** The CLI's exit code (check, plan-waves): 1 blocked, 3 cannot judge (docs/cli.md). */
  exit?: number;
}

/** The policy section of a preview: one block per violation, from "- [level]  policy" to the next. */
function violations(stdout: string): string[] {
  return stdout
    .split(/\n\s+- \[/)
    .slice(1)
    .map((v) => `[${v}`);
}

/** `pulumi preview --policy-pack`, as the user runs it: the stack's own connect-numbers settings, the pack's defaults. */
export async function packStory(s: GateStack, previewArgs: string[] = []): Promise<Story> {
  const r = await s.pulumi(["preview", "--non-interactive", ...s.packArgs(), ...previewArgs]);
  const text = `${r.stdout}\n${r.stderr}`;
  const report = violations(r.stdout).find((v) => v.includes(`]  ${REPORT} `)) ?? "";
  const mandatory = violations(r.stdout).filter((v) => v.startsWith("[mandatory]"));
  const released = [...report.matchAll(/^\s+- (\+\d+) \([^)]*\) held by .*$/gm)].map((m) => m[1]);
  const claims = Number(/It claims (\d+) numbers?\./.exec(report)?.[1] ?? 0);
  const coverage = /History(?: \([^)]*\))?: (.*?); quota /.exec(text)?.[1];
  return {
    face: "pack",
    blocked: r.code !== 0 || mandatory.length > 0,
    released: released.sort(),
    claims,
    coverage,
    text,
  };
}

/** The window options a user gives `check` to read what the provider reads: the stack's history file and the account. */
export function windowArgs(s: GateStack): string[] {
  return ["--history", s.history, "--cloudtrail", "--endpoint", s.emu.endpoint, "--region", s.emu.region];
}

/**
 * `connect-numbers check` on `pulumi preview --json --show-replacement-steps`, in the stack's project (it reads the
 * stack's config, as a user's in the project does), with the stack's environment (its per-user ledger).
 */
export async function checkStory(s: GateStack, document: string): Promise<Story> {
  const r = await cli(["check", "-", ...windowArgs(s), ...s.allowArgs(), "--format", "json"], {
    stdin: document,
    env: s.env,
    cwd: s.projectDir,
  });
  let body: { ok: boolean; claims: number; released: Array<{ phoneNumber: string | null }>; message: string };
  try {
    body = JSON.parse(r.stdout);
  } catch {
    return {
      face: "check",
      blocked: true,
      claims: 0,
      text: `exit ${r.code}\n${r.stdout}\n${r.stderr}`,
      exit: r.code,
      coverage: /cannot judge: (.*?)\. Claims/.exec(r.stderr)?.[1],
    };
  }
  const coverage = /History: (.*)\.$/.exec(body.message)?.[1];
  const released = body.released.map((x) => x.phoneNumber ?? "?").sort();
  return {
    face: "check",
    blocked: r.code !== 0,
    released,
    claims: body.claims,
    coverage,
    text: `exit ${r.code}\n${r.stdout}\n${r.stderr}`,
    exit: r.code,
  };
}

/** `connect-numbers plan-waves`: blocked when it has no schedule; its waves hold the plan's claims. */
export async function planWavesStory(s: GateStack, document: string): Promise<Story> {
  const r = await cli(["plan-waves", "-", ...windowArgs(s), ...s.allowArgs(), "--format", "json"], {
    stdin: document,
    env: s.env,
    cwd: s.projectDir,
  });
  let body: {
    feasible: boolean;
    fitsNow: boolean;
    waves: Array<{ operations: Array<{ action: string; phoneNumber?: string }> }>;
  };
  try {
    body = JSON.parse(r.stdout);
  } catch {
    return {
      face: "plan-waves",
      blocked: true,
      claims: 0,
      text: `exit ${r.code}\n${r.stdout}\n${r.stderr}`,
      exit: r.code,
    };
  }
  const ops = body.waves.flatMap((w) => w.operations);
  return {
    face: "plan-waves",
    // A schedule does not let the change through now unless what it applies now fits (what waits may be a set's
    // growth by what fits, growBy "fits": the apply takes the part that fits now). One wave at a later instant (a
    // set's batch, which goes whole) blocks now as much as several.
    blocked: !body.feasible || !body.fitsNow,
    released: !body.feasible
      ? undefined
      : ops
          .filter((o) => o.action === "release")
          .map((o) => o.phoneNumber ?? "?")
          .sort(),
    claims: (body.fitsNow ? (body.waves[0]?.operations ?? []) : ops).filter((o) => o.action === "claim").length,
    text: `exit ${r.code}\n${r.stdout}\n${r.stderr}`,
    exit: r.code,
  };
}

/**
 * The gates' stories of the change now declared: the pack's, and check's and plan-waves' on one `pulumi preview --json
 * --show-replacement-steps`. The two previews only read (state, account, ledger), as do the two commands, so each
 * pair runs at once: the file's wall time is mostly these processes starting up.
 */
export async function gateStories(
  s: GateStack,
  previewArgs: string[] = [],
): Promise<{ pack: Story; check: Story; waves: Story }> {
  const [pack, preview] = await Promise.all([
    packStory(s, previewArgs),
    s.pulumi(["preview", "--json", "--non-interactive", "--show-replacement-steps", ...previewArgs]),
  ]);
  const [check, waves] = await Promise.all([checkStory(s, preview.stdout), planWavesStory(s, preview.stdout)]);
  return { pack, check, waves };
}

/** `pulumi up --skip-preview`, judged by what the account recorded: the claims and releases it made, and whether it stopped. */
export async function providerStory(s: CaseStack, upArgs: string[] = []): Promise<Story & { up: RunResult }> {
  const before = new Set((await s.emu.control.events()).map((e) => e.eventId));
  const up = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview", ...upArgs]);
  const made = (await s.emu.control.events()).filter((e) => !before.has(e.eventId));
  const text = `exit ${up.code}\n${up.stdout}\n${up.stderr}`;
  const coverage =
    /refusing to \w+ [^:]*: .*?\(account \d+ in [\w-]+; (.*?)\.\)/.exec(text)?.[1] ??
    /connect-numbers: account \d+ in [\w-]+: (.*?); going ahead/.exec(text)?.[1];
  return {
    face: "provider",
    blocked: up.code !== 0,
    released: made
      .filter((e) => e.action === "release")
      .map((e) => e.phoneNumber ?? "?")
      .sort(),
    claims: made.filter((e) => e.action === "claim").length,
    coverage,
    text,
    up,
  };
}

/** What a case declares beside the stories: what a face cannot see, and where a gate blocks on purpose. */
export interface Declared {
  /** A face that cannot see what decided the outcome agrees when it says so, in these words. */
  cannotSee?: Partial<Record<Story["face"], RegExp>>;
  /**
   * A gate that blocks, on policy, a change the provider carries out (a rename that another resource makes lose a
   * number, failOn): the words the gate must print for its block. Undeclared, such a block is a disagreement; declared,
   * the gate must block, the provider apply, and the gate say these words.
   */
  blocksOnPolicy?: Partial<Record<Exclude<Story["face"], "provider">, RegExp>>;
}

/**
 * The disagreements between the faces' stories, each in one line. A gate face (pack, check, plan-waves) agrees with
 * the provider when it blocks exactly when the provider stops (or blocks where the case declares a block on policy,
 * saying its words), lists exactly the numbers the provider released (or, blocking, would have released), counts at
 * least the claims made, and says the same coverage sentence. A face that cannot see what decided the outcome agrees
 * when it says so (`cannotSee`).
 */
export function disagreements(stories: Story[], declared: Declared = {}): string[] {
  const provider = stories.find((x) => x.face === "provider");
  if (!provider) throw new Error("no provider story to compare with");
  const made = (provider.released ?? []).join(", ");
  const out: string[] = [];
  for (const g of stories.filter((x) => x.face !== "provider")) {
    const cannotSee = declared.cannotSee?.[g.face];
    if (cannotSee !== undefined && cannotSee.test(g.text)) continue;
    const listed = g.released?.join(", ");
    const policy = declared.blocksOnPolicy?.[g.face as Exclude<Story["face"], "provider">];
    if (policy !== undefined) {
      if (!g.blocked || provider.blocked)
        out.push(
          `${g.face} was to block on policy what the provider applies, but it ${g.blocked ? "blocks" : "passes"} and the provider ${provider.blocked ? "stopped" : "applied it"}`,
        );
      else if (!policy.test(g.text.replace(/\\"/g, '"').replace(/\s*\n\s*/g, " ")))
        out.push(`${g.face} blocks without saying the policy it blocks on: ${policy}`);
    } else if (g.blocked !== provider.blocked)
      out.push(
        `${g.face} ${g.blocked ? "blocks" : "passes"} but the provider ${provider.blocked ? "stopped" : "applied it"}`,
      );
    // A blocking gate lists what the plan would release; the provider that stopped may have released part of it.
    if (!provider.blocked && listed !== undefined && listed !== made)
      out.push(`${g.face} lists released [${listed}] but the provider released [${made}]`);
    if (!g.blocked && g.claims < provider.claims)
      out.push(`${g.face} counts ${g.claims} claim(s) but the provider made ${provider.claims}`);
  }
  const sentences = stories.filter((x) => x.coverage !== undefined);
  // The faces read the account seconds apart: instants in their sentences (CloudTrail's start) move with them.
  const distinct = new Set(sentences.map((x) => sameInstants(x.coverage!)));
  if (distinct.size > 1) out.push(`coverage differs: ${sentences.map((x) => `${x.face}: "${x.coverage}"`).join("; ")}`);
  for (const g of stories.filter((x) => x.face === "pack" || x.face === "check")) {
    if (g.coverage === undefined && (g.claims > 0 || (g.released ?? []).length > 0))
      out.push(`${g.face} judges churn without a coverage sentence`);
  }
  return out;
}

function sameInstants(sentence: string): string {
  return sentence.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<instant>");
}

/** One face's story in a few lines, for a failure's message. */
export function describeStory(x: Story, chars = 2500): string {
  const said = x.text.length > chars ? `${x.text.slice(0, chars)}…` : x.text;
  return `${x.face}: ${x.blocked ? "blocked" : "ok"}; released ${x.released ? `[${x.released.join(", ")}]` : "(not said)"}; claims ${x.claims}; coverage ${x.coverage ?? "(none said)"}\n${said}`;
}
