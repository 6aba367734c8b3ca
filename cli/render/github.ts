import * as fs from "node:fs";
import { CheckResult } from "../result";
import { renderMarkdown } from "./markdown";

const MAX_ANNOTATIONS = 10;

/** Escapes per the workflow-command rules, so a message cannot end the annotation early. */
function escape(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow annotations (at most 10) and the step summary (appended to $GITHUB_STEP_SUMMARY, or printed). */
export function renderGithub(r: CheckResult, env: NodeJS.ProcessEnv): string {
  const lines: string[] = [];
  if (r.verdict.ok) {
    lines.push(`::notice title=Phone-number churn within budget::${escape(r.message)}`);
  } else {
    lines.push(`::error title=Phone-number churn over budget::${escape(r.message)}`);
    const churning = r.resources.filter((x) => x.claims + x.releases > 0);
    for (const x of churning.slice(0, MAX_ANNOTATIONS - 1)) {
      lines.push(`::warning title=${escape(x.op)} churns ${x.claims + x.releases}::${escape(`${x.resource}: ${x.claims} claim(s), ${x.releases} release(s)`)}`);
    }
  }
  const summary = renderMarkdown(r);
  if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summary + "\n");
  else lines.push("", summary);
  return lines.join("\n");
}
