import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Findings } from "../../report";
import { keepLinesTheProgramHas } from "../program-lines";

describe("keepLinesTheProgramHas", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-program-lines-"));
    // Six lines, each ending in a newline, as editors save a file.
    fs.writeFileSync(path.join(dir, "index.ts"), ["a", "b", "c", "d", "e", "f"].map((l) => `${l}\n`).join(""));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const deleted = (line: number): Findings => ({
    renames: [],
    releases: [{ resource: "urn:x", reason: "delete", blocking: false, source: { file: "index.ts", line } }],
    unmatchedAllows: [],
    sms: { releases: [], requests: [] },
    imports: [],
  });

  it("keeps a removed resource's line the program still has, and drops the one past its last line", () => {
    expect(keepLinesTheProgramHas(deleted(6), dir).releases[0].source).toEqual({ file: "index.ts", line: 6 });
    expect(keepLinesTheProgramHas(deleted(7), dir).releases[0].source).toBeUndefined();
  });
});
