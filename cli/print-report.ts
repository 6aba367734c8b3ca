import * as fs from "node:fs";
import { Format, Report, render } from "../report";
import { writeOut } from "./output";

/** Prints a report; under --format github the markdown summary goes to $GITHUB_STEP_SUMMARY when the step has one. */
export async function printReport(report: Report, format: Format, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { out, stepSummary } = render(report, format, env);
  if (stepSummary === undefined) return writeOut(out);
  if (env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, stepSummary + "\n");
    return writeOut(out);
  }
  return writeOut(`${out}\n\n${stepSummary}`);
}
