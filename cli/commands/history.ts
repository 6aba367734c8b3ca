import { Command } from "commander";
import { budgetOf, isoDate } from "../../core";
import { writeOut } from "../output";
import { loadWindow, unseenError } from "../window";
import { CommonOptions, addWindowOptions } from "./options";

export function historyCommand(): Command {
  return addWindowOptions(
    new Command("history").description("the churn window as it stands: used/budget now, and when budget frees up"),
  ).action(async (o: CommonOptions) => {
    const w = await loadWindow(o);
    if (w.unseenDays > 0 && w.unseenHistory === "refuse") throw unseenError(w);
    const { budget, limit, reserved, windowMs } = budgetOf(w.rule);
    const used = w.history.countInWindow(w.now, windowMs);
    const inWindow = w.history.events.filter((e) => e.at > w.now - windowMs && e.at <= w.now);
    const frees = inWindow.slice(0, 5).map((e) => ({
      at: isoDate(e.at + windowMs),
      event: `${e.action} ${e.phoneNumber ?? e.phoneNumberId ?? ""}`.trim(),
    }));
    const nextUnit = w.history.earliestWithAtMost(limit - 1, w.now, windowMs);
    const summary = {
      now: isoDate(w.now),
      windowDays: w.rule.windowDays,
      quota: w.rule.quota,
      budget,
      reserved,
      used,
      headroom: limit - used,
      nextFreeAt: nextUnit === null ? null : isoDate(nextUnit),
      agingOut: frees,
      sources: w.sources,
      coveredDays: w.coveredDays,
      unseenDays: w.unseenDays,
      coverage: w.coverageText,
    };
    if (o.format === "json") {
      await writeOut(JSON.stringify(summary, null, 2));
      return;
    }
    const lines = [
      `${used} of ${limit} churn events used in the ${w.rule.windowDays} days to ${summary.now} (quota ${w.rule.quota}, budget ${budget}${reserved ? `, ${reserved} reserved` : ""}).`,
      summary.headroom > 0
        ? `${summary.headroom} more claims or releases fit now.`
        : `No claim fits now; one fits from ${summary.nextFreeAt ?? "never, at this quota"}.`,
      ...frees.map((f) => `  ${f.at}: ${f.event} leaves the window`),
      `History: ${w.coverageText}.`,
    ];
    await writeOut(lines.join("\n"));
  });
}
