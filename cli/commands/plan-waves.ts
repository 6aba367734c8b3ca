import { Command } from "commander";
import { scheduleJson, scheduleOf, scheduleText } from "../../report/waves";
import { EXIT } from "../errors";
import { writeOut } from "../output";
import { GateOptions, planJudgeCommand } from "./options";
import { checkPlan } from "./check";

export function planWavesCommand(): Command {
  return planJudgeCommand(
    "plan-waves",
    "for an over-budget plan, the earliest dated waves that keep every moment within budget, and how to apply them",
  ).action(async (file: string | undefined, o: GateOptions, cmd: Command) => {
    const schedule = scheduleOf(await checkPlan(file, cmd));
    await writeOut(o.format === "json" ? JSON.stringify(scheduleJson(schedule), null, 2) : scheduleText(schedule));
    process.exitCode = schedule.feasible ? EXIT.ok : EXIT.overBudget;
  });
}
