import { CheckResult, toJson } from "../result";
import { renderGithub } from "./github";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export const FORMATS = ["text", "json", "markdown", "github", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export function render(result: CheckResult, format: Format, env: NodeJS.ProcessEnv = process.env): string {
  switch (format) {
    case "json":
      return JSON.stringify(toJson(result), null, 2);
    case "markdown":
      return renderMarkdown(result);
    case "github":
      return renderGithub(result, env);
    case "sarif":
      return JSON.stringify(renderSarif(result, env), null, 2);
    default:
      return renderText(result);
  }
}
