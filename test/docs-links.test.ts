/**
 * Every link inside the repository's Markdown points at a file that exists and, with a `#fragment`, at a heading that
 * file has: the README and docs/ link to each other, and a moved section must not leave a dead link behind.
 * Links out of the repository (http, mailto) are not fetched: tests run offline.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { REPO_ROOT } from "../scripts/pulumi-workspace";

const markdown = new MarkdownIt({ html: true });

function markdownFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return listed
    .split("\n")
    .filter((f) => f !== "" && fs.existsSync(path.join(REPO_ROOT, f)))
    .sort();
}

function tokensOf(file: string): MarkdownIt.Token[] {
  const flat: MarkdownIt.Token[] = [];
  const walk = (tokens: MarkdownIt.Token[]) => {
    for (const t of tokens) {
      flat.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(markdown.parse(fs.readFileSync(file, "utf8"), {}));
  return flat;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const tokens = markdown.parse(fs.readFileSync(file, "utf8"), {});
  tokens.forEach((t, i) => {
    if (t.type !== "heading_open") return;
    const text = (tokens[i + 1].children ?? [])
      .map((c) => (c.type === "text" || c.type === "code_inline" ? c.content : ""))
      .join("");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  });
  return anchors;
}

/** What is wrong with one link of `file`, or undefined when it leads somewhere. */
function brokenBecause(file: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const [target, fragment] = href.split("#", 2);
  const resolved = target === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
  const relative = path.relative(REPO_ROOT, resolved);
  if (relative.startsWith("..")) return "leaves the repository";
  if (!fs.existsSync(resolved)) return "no such file";
  if (fragment === undefined || !resolved.endsWith(".md")) return undefined;
  return anchorsOf(resolved).has(fragment) ? undefined : `no heading #${fragment} in ${relative}`;
}

describe("links inside the repository's Markdown", () => {
  const files = markdownFiles();

  it("finds the README and the docs", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "docs/provider.md", "docs/design.md"]));
  });

  it.each(files)("%s links only to files and headings that exist", (file) => {
    const absolute = path.join(REPO_ROOT, file);
    const broken = tokensOf(absolute)
      .flatMap((t) => {
        const href = t.type === "link_open" ? t.attrGet("href") : t.type === "image" ? t.attrGet("src") : null;
        return href === null ? [] : [{ href, why: brokenBecause(absolute, String(href)) }];
      })
      .filter((l) => l.why !== undefined);
    expect(broken).toEqual([]);
  });

  it("knows a dead link when it sees one", () => {
    const readme = path.join(REPO_ROOT, "README.md");
    expect(brokenBecause(readme, "docs/nowhere.md")).toBe("no such file");
    expect(brokenBecause(readme, "docs/provider.md#no-such-heading")).toBe(
      "no heading #no-such-heading in docs/provider.md",
    );
    expect(brokenBecause(readme, "docs/provider.md#the-originationnumber-resource-sms")).toBeUndefined();
    expect(brokenBecause(readme, "../outside.md")).toBe("leaves the repository");
  });
});
