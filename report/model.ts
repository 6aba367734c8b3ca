import type {
  Allowance,
  ConnectDeleteRefusal,
  DeclaredElsewhere,
  PlannedOperation,
  RenameFinding,
  Verdict,
  WavePlan,
} from "../core";
import type { SmsDeleteJudgement, SmsNumberRef } from "../core/sms";

/**
 * The one report model every face renders: `check` and `plan-waves` build it from a plan, `ledger status` from the
 * ledger alone. The words live in report/words.ts; each sibling file renders one format.
 */

/** A line of the program, relative to its project directory. */
export interface SourceLine {
  file: string;
  line: number;
}

/** "shrink": a PhoneNumberSet that stays declared releases a number (named in its `release`). */
export type ReleaseReason = "delete" | "replace" | "pending-delete" | "shrink";

/** A Connect number the plan releases. */
export interface ReleaseView {
  resource: string;
  phoneNumber?: string;
  phoneNumberId?: string;
  reason: ReleaseReason;
  /** A number imported from End User Messaging SMS (its SourcePhoneNumberArn, or "unknown" until apply). */
  importedFrom?: string;
  /** The resource's line where the program still declares it; a removed resource has none. */
  source?: SourceLine;
  /** The entry that accepts this release, if one does, and its list (--allow-release or the stack's). */
  accepted?: Allowance;
  /** True when --fail-on release blocks it. */
  blocking: boolean;
  /** The provider refuses this delete (deletion protection): blocking whatever --allow-release says. */
  refused?: ConnectDeleteRefusal;
  /**
   * Another package's delete of a number a connect-numbers stack holds (core/connect/declared-elsewhere.ts): no
   * provider refuses it, the gates block it whatever --allow-release says.
   */
  declaredElsewhere?: DeclaredElsewhere;
}

/** An SMS origination number the plan releases: listed apart from Connect's, never counted in its budget. */
export interface SmsReleaseView extends SmsNumberRef {
  resource: string;
  type: string;
  reason: ReleaseReason;
  /** AWS would refuse this release (deletion protection, a pool): the apply stops there, halfway. */
  refused?: SmsDeleteJudgement["refused"];
  source?: SourceLine;
  accepted?: Allowance;
  /** True when --fail-on release blocks it (a refusal blocks whatever --allow-release says: AWS refuses). */
  blocking: boolean;
}

export interface SmsRequestView {
  resource: string;
  type: string;
  /** The old instance it replaces, for a replacement. */
  replaces?: string;
  source?: SourceLine;
}

/** A rename or re-claim: blocking unless --allow-release (or the stack's list) names the number or either resource. */
export interface RenameView extends RenameFinding {
  accepted?: Allowance;
  /**
   * A rename the provider refuses unless the stack's connect-numbers:allowReleases names it (core's
   * providerGuardsRename), not accepted: what --allow-release cannot do here, and the command that releases it.
   */
  stackOnly?: string;
  source?: SourceLine;
}

export interface Findings {
  renames: RenameView[];
  releases: ReleaseView[];
  /** --allow-release values that name nothing this plan releases: a stale opt-out should be seen. */
  unmatchedAllows: string[];
  sms: { releases: SmsReleaseView[]; requests: SmsRequestView[] };
  /** Connect numbers the plan imports from End User Messaging SMS: each import counts as a claim. */
  imports: Array<{ resource: string; from: string }>;
}

/** What the history covered, and the sentence every face says about it. */
export interface HistoryView {
  sources: string[];
  coveredDays: number;
  quotaSource: string;
  completeSince: number | null;
  /** The history stops here, before now (a ledger read without CloudTrail); absent: it reaches now. */
  completeUntil?: number;
  unseenDays: number;
  /** The unseen part exactly, for words in the coverage sentence's unit (core's unseenSpan). */
  unseenMs: number;
  coverage: string;
  unseenHistory: "refuse" | "warn";
}

/** The churn window as a picture: churn per bucket of days up to now, and this plan's share on top. */
export interface BudgetChart {
  windowDays: number;
  now: number;
  /** Days per bar: 1 for a window of up to 31 days, more for longer ones so the bars stay readable. */
  bucketDays: number;
  /** Each bucket's first instant and the claims and releases in it, oldest first; the last ends at now. */
  buckets: Array<{ from: number; churn: number }>;
  used: number;
  /** null where the quota could not be read (ledger status without it). */
  limit: number | null;
  /** This plan's claims and releases: 0 where there is no plan (ledger status). */
  planned: number;
  /** When the oldest event in the window leaves it and frees one slot; null with an empty window. */
  firstSlotFreesAt: number | null;
}

export type BlockReason =
  | Verdict["blockedBy"][number]
  | "rename"
  | "release"
  | "release-refused"
  | "declared-elsewhere"
  | "sms-release-refused";

/** What `check` and `plan-waves` say of one plan. */
export interface Report {
  ok: boolean;
  blockedBy: BlockReason[];
  verdict: Verdict;
  /** The verdict in words and the blocking findings, one sentence each (the history sentence is `history.coverage`). */
  sentences: string[];
  /**
   * Each resource's churn; `source` is its claim's program line, where it claims. `op` is "update" for a set that
   * stays declared and grows or shrinks (changeLabel says by how much).
   */
  resources: Array<{ resource: string; op: string; claims: number; releases: number; source?: SourceLine }>;
  operations: PlannedOperation[];
  waves: WavePlan;
  findings: Findings;
  input: {
    name: string;
    path?: string;
    format: "pulumi-preview" | "pulumi-events" | "terraform-plan";
    notes: string[];
    /** Reminders that hold for any plan of this kind, whatever it shows: printed small, never as a finding. */
    caveats: string[];
  };
  history: HistoryView;
  chart: BudgetChart;
  /** Where SARIF locations' relative program paths start. */
  projectDir: string;
  failOn: string[];
  /** The tool's version, for SARIF's tool.driver. */
  toolVersion: string;
}

/** The message of a report: its sentences, then what the history covered. */
export function messageOf(r: Pick<Report, "sentences" | "history">): string {
  return [...r.sentences, `History: ${r.history.coverage}.`].join(" ");
}
