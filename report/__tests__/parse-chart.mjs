// Parses a chart the way GitHub's renderer does, with the mermaid library itself (ESM, so run by node, not jest).
// mermaid.parse needs a DOM (DOMPurify hooks into window at import): jsdom gives it one. @mermaid-js/parser alone
// knows no xychart. Reads { mermaid, svg } as JSON on stdin; prints what mermaid read and whether the SVG is well-formed.
import process from "node:process";
import { JSDOM } from "jsdom";

const input = JSON.parse(
  await new Promise((resolve) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
  }),
);
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
const out = {};
try {
  out.parsed = await mermaid.parse(input.mermaid);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(input.mermaid);
  out.title = diagram.db.getDiagramTitle();
  out.data = diagram.db.getXYChartData();
} catch (err) {
  out.error = String(err.message ?? err);
}
if (input.svg !== undefined) {
  const doc = new dom.window.DOMParser().parseFromString(input.svg, "image/svg+xml");
  const failed = doc.getElementsByTagName("parsererror");
  out.svg =
    failed.length > 0
      ? { error: failed[0].textContent }
      : {
          root: doc.documentElement.tagName,
          rects: doc.getElementsByTagName("rect").length,
          title: doc.getElementsByTagName("title")[0]?.textContent,
        };
}
process.stdout.write(JSON.stringify(out));
