import { Command } from "commander";
import { evaluate, planWaves } from "../../core";
import { PlanBuilder } from "../changes";
import { EXIT } from "../errors";
import { readChanges } from "../input";
import { render } from "../render";
import { CheckResult, checkResult } from "../result";
import { loadWindow } from "../window";
import { CommonOptions, addWindowOptions, openInput, windowOptions } from "./options";

/** Reads a plan, evaluates its churn against the window: shared by check and plan-waves. */
export async function checkPlan(file: string | undefined, o: CommonOptions): Promise<CheckResult> {
  const { stream, name } = openInput(file);
  const builder = new PlanBuilder();
  const format = await readChanges(stream, name, (c) => builder.add(c));
  const { plan, resources } = builder.build();
  const window = await loadWindow(windowOptions(o));
  const input = { history: window.history, plan, rule: window.rule, now: window.now };
  return checkResult({
    verdict: evaluate(input),
    resources,
    operations: plan.operations,
    waves: planWaves({ ...input, atomicPairs: true }),
    input: { name, format },
    history: { sources: window.sources, coveredDays: window.coveredDays, quotaSource: window.quotaSource },
  });
}

export function checkCommand(): Command {
  return addWindowOptions(
    new Command("check")
      .description("check a plan's phone-number churn against the quota: `pulumi preview --json`, Pulumi engine events, or `terraform show -json`")
      .argument("[file]", "the plan; - or nothing for standard input"),
  )
    .addHelpText("after", "\nExit codes: 0 within budget, 1 over budget, 2 usage or configuration error, 3 input that cannot be read or understood.")
    .action(async (file: string | undefined, o: CommonOptions) => {
      const result = await checkPlan(file, o);
      console.log(render(result, o.format));
      process.exitCode = result.verdict.ok ? EXIT.ok : EXIT.overBudget;
    });
}
