import { Command } from "commander";
import { isoDate } from "../../core";
import { EXIT } from "../errors";
import { CommonOptions, addWindowOptions } from "./options";
import { checkPlan } from "./check";

export function planWavesCommand(): Command {
  return addWindowOptions(
    new Command("plan-waves").description("for an over-budget plan, the earliest dated waves that keep every moment within budget, and how to apply them").argument("[file]", "the plan; - or nothing for standard input"),
  ).action(async (file: string | undefined, o: CommonOptions) => {
    const result = await checkPlan(file, o);
    const { waves } = result;
    if (o.format === "json") {
      console.log(JSON.stringify({ feasible: waves.feasible, reason: waves.feasible ? undefined : waves.reason, waves: waves.waves.map((w) => ({ at: isoDate(w.at), operations: w.operations })) }, null, 2));
    } else if (!waves.feasible) {
      console.log(`No schedule can apply this plan: ${waves.reason}.`);
    } else {
      const terraform = result.input.format === "terraform-plan";
      console.log(`${waves.waves.length} wave(s); ${result.verdict.ok ? "the whole plan fits now." : "the plan does not fit at once."}`);
      waves.waves.forEach((w, i) => {
        const targets = [...new Set(w.operations.map((op) => op.resource))];
        console.log(`\nwave ${i + 1}: at or after ${isoDate(w.at)}: ${w.operations.map((op) => `${op.action}${op.phoneNumber ? ` ${op.phoneNumber}` : ""}`).join(", ")}`);
        console.log(terraform ? `  terraform apply ${targets.map((t) => `-target='${t}'`).join(" ")}` : `  pulumi up ${targets.map((t) => `--target '${t}'`).join(" ")}`);
      });
    }
    process.exitCode = waves.feasible ? EXIT.ok : EXIT.overBudget;
  });
}
