import { Command } from "commander";
import { quote } from "shell-quote";
import { isoDate } from "../../core";
import { EXIT } from "../errors";
import { writeOut } from "../output";
import { renameSentence } from "../result";
import { GateOptions, addGateOptions, addWindowOptions } from "./options";
import { checkPlan } from "./check";

export function planWavesCommand(): Command {
  return addGateOptions(
    addWindowOptions(
      new Command("plan-waves").description("for an over-budget plan, the earliest dated waves that keep every moment within budget, and how to apply them").argument("[file]", "the plan; - or nothing for standard input"),
    ),
  ).action(async (file: string | undefined, o: GateOptions) => {
    const result = await checkPlan(file, o);
    const { waves } = result;
    // A schedule would apply the rename's release like any other: the number would be lost on the way.
    const renames = result.findings.renames.filter((f) => !f.acceptedBy);
    // A release the provider (or AWS) refuses stops the apply wherever it falls: no wave can carry it.
    const refused = [...result.findings.releases, ...result.findings.sms.releases].filter((r) => r.refused);
    const refusal =
      renames.length > 0
        ? `it renames a resource without an alias, which would lose the number: ${renames.map(renameSentence).join(" ")} Fix the rename (or name the number with --allow-release) first`
        : refused.length > 0
          ? `it deletes what would be refused, so any wave carrying it would stop halfway: ${refused.map((r) => r.refused!.message).join(" ")}`
          : undefined;
    // Claims a target cannot take never go into a wave (core/waves.ts); the waves that fit are still worth applying.
    const scheduled = refusal === undefined ? waves.waves : [];
    const left = refusal === undefined && !waves.feasible ? waves : undefined;
    if (o.format === "json") {
      await writeOut(
        JSON.stringify(
          {
            feasible: refusal === undefined && waves.feasible,
            reason: refusal ?? left?.reason,
            renames: renames.length,
            waves: scheduled.map((w) => ({ at: isoDate(w.at), operations: w.operations })),
            unscheduled: left?.unscheduled ?? [],
          },
          null,
          2,
        ),
      );
    } else if (scheduled.length === 0) {
      await writeOut(`No schedule for this plan: ${refusal ?? left?.reason}.`);
    } else {
      const terraform = result.input.format === "terraform-plan";
      const head = left ? `${scheduled.length} wave(s) for part of the plan; ${left.unscheduled.length} operation(s) cannot come.` : `${scheduled.length} wave(s); ${result.verdict.ok ? "the whole plan fits now." : "the plan does not fit at once."}`;
      const lines = [head];
      scheduled.forEach((w, i) => {
        const targets = [...new Set(w.operations.map((op) => op.resource))];
        lines.push("", `wave ${i + 1}: at or after ${isoDate(w.at)}${i > 0 && w.at === scheduled[i - 1].at ? ", once wave " + i + " is applied" : ""}: ${w.operations.map((op) => `${op.action}${op.phoneNumber ? ` ${op.phoneNumber}` : ""}`).join(", ")}`);
        // shell-quote makes each value one word, whatever quotes, dollars, spaces or newlines a URN holds.
        lines.push(`  ${terraform ? quote(["terraform", "apply", ...targets.map((t) => `-target=${t}`)]) : quote(["pulumi", "up", ...targets.flatMap((t) => ["--target", t])])}`);
      });
      if (left) lines.push("", `Not scheduled: ${left.reason}.`);
      await writeOut(lines.join("\n"));
    }
    process.exitCode = refusal === undefined && waves.feasible ? EXIT.ok : EXIT.overBudget;
  });
}
