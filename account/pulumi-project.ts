import * as fs from "node:fs";
import * as yaml from "js-yaml";

/** The file names Pulumi reads a project from, in the order it tries them. */
export const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"] as const;

/** The `name` and `main` of a Pulumi project file; undefined when it cannot be read or is not a mapping. */
export function readProjectFile(file: string): { name?: string; main?: string } | undefined {
  try {
    const doc = yaml.load(fs.readFileSync(file, "utf8"));
    if (typeof doc !== "object" || doc === null) return undefined;
    const { name, main } = doc as Record<string, unknown>;
    return { name: typeof name === "string" ? name : undefined, main: typeof main === "string" ? main : undefined };
  } catch {
    return undefined;
  }
}
