import fc from "fast-check";
import { Readable } from "node:stream";
import { JsonShapeError, forEachArrayElement } from "../json-elements";

async function collect(text: string, chunkSizes: number[]) {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = Math.max(1, chunkSizes[k % chunkSizes.length]);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const elements: Array<[string, unknown]> = [];
  const keys: string[] = [];
  await forEachArrayElement(Readable.from(chunks), new Set(["steps", "resource_changes"]), {
    onElement: (key, value) => elements.push([key, value]),
    onTopLevelKey: (key) => keys.push(key),
  });
  return { elements, keys };
}

describe("forEachArrayElement", () => {
  const element = fc.jsonValue();
  const doc = fc.record({
    steps: fc.array(element, { maxLength: 8 }),
    other: fc.jsonValue(),
    "tricky \\\"key\\\" [steps]": fc.string(),
    resource_changes: fc.option(fc.array(element, { maxLength: 5 }), { nil: undefined }),
  });

  it("yields exactly the elements JSON.parse sees, however the bytes are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (d, sizes, pretty) => {
        const text = JSON.stringify(d, null, pretty ? 2 : undefined);
        const { elements, keys } = await collect(text, sizes);
        const parsed = JSON.parse(text) as typeof d;
        const expected: Array<[string, unknown]> = [];
        for (const key of Object.keys(parsed)) {
          if (key === "steps" || key === "resource_changes") for (const e of (parsed as unknown as Record<string, unknown[]>)[key]) expected.push([key, e]);
        }
        expect(elements).toEqual(expected);
        expect(keys).toEqual(Object.keys(parsed));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses what is not one complete object", async () => {
    for (const text of ['{"steps": [1, 2', "[1, 2]", '{"a": 1} {"b": 2}', '{"steps": [nope]}']) {
      await expect(collect(text, [7])).rejects.toBeInstanceOf(JsonShapeError);
    }
  });
});
