import * as path from "node:path";
import { plural } from "../core";
import { SMS_NOT_COUNTED } from "../core/sms";
import { Report, SourceLine, messageOf } from "./model";
import { renderMarkdown } from "./markdown";
import {
  allowanceWords,
  headline,
  importLabel,
  numberLabel,
  pairKind,
  releaseStatus,
  renameSentence,
  resourceName,
  smsStatus,
} from "./words";

/** GitHub shows at most 10 annotations of each level per step: the rest are summed up in the last one. */
const MAX_PER_LEVEL = 10;

/** Escapes per the workflow-command rules, so a message cannot end the annotation early. */
function escape(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escape(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

type Level = "error" | "warning" | "notice";

const FINDING_TITLE: Record<ReturnType<typeof pairKind>, string> = {
  rename: "Rename",
  replacement: "Replacement",
  reclaim: "Re-claim",
  "adopt-release": "Adopting a number another provider releases",
  "same-number": "Replacing a number with itself",
};

/** Where a release's resource is in the program, or that the program no longer has it. */
function lineOf(at: SourceLine | undefined): string {
  return at ? `${at.file}:${at.line}` : "no line in the program: it no longer declares the resource";
}

/** A release annotated at its resource's line: a removed resource was declared there, a replaced one still is. */
function releasedHere(name: string, number: string, reason: string, status: { level: string; text: string }): string {
  const what =
    reason === "delete"
      ? `${name}, declared here before, is removed`
      : reason === "shrink"
        ? `${name} shrinks by the numbers its release names`
        : reason === "replace"
          ? `${name} is replaced`
          : `${name} has a pending delete`;
  return `${what}: applied, the plan releases ${number}${status.level === "planned" ? "" : ` (${status.text})`}.`;
}

/**
 * Workflow annotations, and the step summary (the markdown report) for the caller to append to
 * $GITHUB_STEP_SUMMARY. Every released number is named: one annotation lists them all, so none is lost to GitHub's
 * per-step limit, and each release whose resource the program still declares is also pointed at that line.
 */
export function renderGithub(r: Report, env: NodeJS.ProcessEnv): { annotations: string; summary: string } {
  const annotations: Array<{ level: Level; title: string; message: string; at?: SourceLine }> = [];
  const head = headline(r);
  annotations.push({
    level: head.level === "blocked" ? "error" : head.level === "warning" ? "warning" : "notice",
    title: head.text,
    message: messageOf(r),
  });
  for (const f of r.findings.renames) {
    annotations.push({
      level: f.accepted ? "notice" : "error",
      title: f.accepted
        ? `Release accepted (${allowanceWords(f.accepted)})`
        : `${FINDING_TITLE[pairKind(f)]} would lose ${f.phoneNumber ?? "a number"}`,
      message: renameSentence(f),
      at: f.source,
    });
  }
  const releases = r.findings.releases;
  for (const x of releases) {
    if (x.declaredElsewhere)
      annotations.push({
        level: "error",
        title: `Releases ${numberLabel(x)}, which a connect-numbers stack holds`,
        message: x.declaredElsewhere.message,
        at: x.source,
      });
    if (x.refused)
      annotations.push({
        level: "error",
        title: `The provider would refuse to release ${numberLabel(x)}: the apply would stop halfway`,
        message: x.refused.message,
        at: x.source,
      });
    if (!x.declaredElsewhere && !x.refused && x.source)
      annotations.push({
        level: x.blocking ? "error" : "warning",
        title: `Releases ${numberLabel(x)} (${x.reason})`,
        message: releasedHere(resourceName(x.resource), numberLabel(x), x.reason, releaseStatus(x)),
        at: x.source,
      });
  }
  if (releases.length > 0) {
    const blocking = releases.some((x) => releaseStatus(x).level === "blocked");
    const list = releases.map(
      (x) =>
        `${numberLabel(x)} ← ${x.resource} (${x.reason}${x.importedFrom ? `, ${importLabel(x.importedFrom)}` : ""}, ${releaseStatus(x).text}; ${lineOf(x.source)})`,
    );
    annotations.push({
      level: blocking ? "error" : "warning",
      title: `This plan releases ${plural(releases.length, "phone number")}`,
      message: list.join("\n"),
    });
  }
  const sms = r.findings.sms.releases;
  for (const x of sms) {
    if (x.refused)
      annotations.push({
        level: "error",
        title: `AWS would refuse to release SMS number ${numberLabel(x)}: the apply would stop halfway`,
        message: x.refused.message,
        at: x.source,
      });
    else if (x.source)
      annotations.push({
        level: x.blocking ? "error" : "warning",
        title: `Releases SMS number ${numberLabel(x)} (${x.reason})`,
        message: releasedHere(resourceName(x.resource), numberLabel(x), x.reason, smsStatus(x)),
        at: x.source,
      });
  }
  if (sms.length > 0) {
    const list = sms.map(
      (x) => `${numberLabel(x)} ← ${x.resource} (${x.reason}, ${smsStatus(x).text}; ${lineOf(x.source)})`,
    );
    const blocking = sms.some((x) => x.blocking || x.refused);
    annotations.push({
      level: blocking ? "error" : "warning",
      title: `This plan releases ${plural(sms.length, "SMS origination number")}`,
      message: [...list, `SMS numbers are ${SMS_NOT_COUNTED}.`].join("\n"),
    });
  }
  if (r.history.unseenDays > 0)
    annotations.push({ level: "warning", title: "History partly unseen", message: r.history.coverage });
  const lines: string[] = [];
  for (const level of ["error", "warning", "notice"] as const) {
    const mine = annotations.filter((a) => a.level === level);
    const shown =
      mine.length > MAX_PER_LEVEL
        ? [
            ...mine.slice(0, MAX_PER_LEVEL - 1),
            {
              level,
              title: `${mine.length - MAX_PER_LEVEL + 1} more`,
              message: mine
                .slice(MAX_PER_LEVEL - 1)
                .map((a) => `${a.title}: ${a.message}`)
                .join("\n"),
            },
          ]
        : mine;
    for (const a of shown)
      lines.push(
        `::${level} ${location(a.at, r.projectDir, env)}title=${escapeProperty(a.title)}::${escape(a.message)}`,
      );
  }
  return { annotations: lines.join("\n"), summary: renderMarkdown(r) };
}

/** file= and line= relative to the workspace, where the program line is known. */
function location(at: SourceLine | undefined, projectDir: string, env: NodeJS.ProcessEnv): string {
  if (!at) return "";
  const file = path
    .relative(env.GITHUB_WORKSPACE ?? process.cwd(), path.resolve(projectDir, at.file))
    .split(path.sep)
    .join("/");
  return `file=${escapeProperty(file)},line=${at.line},`;
}
