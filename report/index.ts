import { renderGithub } from "./github";
import { toJson } from "./json";
import { renderMarkdown } from "./markdown";
import { Report } from "./model";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export * from "./model";
export { budgetChart, mermaidChart, svgChart } from "./chart";
export { headline, judge, renameSentence } from "./words";

export const FORMATS = ["text", "json", "markdown", "github", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/** What to print, and (for github) the markdown summary a workflow step shows, for the caller to write where it goes. */
export function render(report: Report, format: Format, env: NodeJS.ProcessEnv): { out: string; stepSummary?: string } {
  switch (format) {
    case "json":
      return { out: JSON.stringify(toJson(report), null, 2) };
    case "markdown":
      return { out: renderMarkdown(report) };
    case "github": {
      const { annotations, summary } = renderGithub(report, env);
      return { out: annotations, stepSummary: summary };
    }
    case "sarif":
      return { out: JSON.stringify(renderSarif(report, env), null, 2) };
    default:
      return { out: renderText(report) };
  }
}
