import fc from "fast-check";
import { Readable } from "node:stream";
import { JsonShapeError, TopLevelValue, forEachArrayElement } from "../json-elements";

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
  const values: Array<[string, TopLevelValue]> = [];
  await forEachArrayElement(
    Readable.from(chunks),
    new Set(["steps", "resource_changes"]),
    {
      onElement: (key, value) => elements.push([key, value]),
      onTopLevelKey: (key) => keys.push(key),
      onTopLevelValue: (key, value) => values.push([key, value]),
    },
    new Set(["summary"]),
  );
  return { elements, keys, values };
}

describe("forEachArrayElement", () => {
  const element = fc.jsonValue();
  const doc = fc.record({
    steps: fc.array(element, { maxLength: 8 }),
    other: fc.jsonValue(),
    'tricky \\"key\\" [steps]': fc.string(),
    resource_changes: fc.option(fc.array(element, { maxLength: 5 }), { nil: undefined }),
    summary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
    scalar: fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
  });

  it("yields exactly the elements JSON.parse sees, however the bytes are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        doc,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (d, sizes, pretty) => {
          const text = JSON.stringify(d, null, pretty ? 2 : undefined);
          const { elements, keys, values } = await collect(text, sizes);
          const parsed = JSON.parse(text) as typeof d;
          const expected: Array<[string, unknown]> = [];
          for (const key of Object.keys(parsed)) {
            if (key === "steps" || key === "resource_changes")
              for (const e of (parsed as unknown as Record<string, unknown[]>)[key]) expected.push([key, e]);
            if (key === "summary")
              for (const [k, v] of Object.entries(parsed.summary)) expected.push([key, { [k]: v }]);
          }
          expect(elements).toEqual(expected);
          expect(keys).toEqual(Object.keys(parsed));
          const kindOf = (v: unknown): TopLevelValue =>
            Array.isArray(v)
              ? { kind: "array" }
              : typeof v === "object" && v !== null
                ? { kind: "object" }
                : { kind: "scalar", value: v as string };
          expect(values).toEqual(Object.entries(parsed).map(([k, v]) => [k, kindOf(v)]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses what is not one complete object", async () => {
    for (const text of [
      '{"steps": [1, 2',
      "[1, 2]",
      '{"a": 1} {"b": 2}',
      '{"steps": [nope]}',
      '{"steps": []}\nerror: preview failed',
      '{"steps": [}]}',
      '{"steps": [1,,2]}',
      '{"steps": [] "other": 1}',
      '{"steps": nul}',
      '{"a" 1}',
      '{"a": 1,}',
      'x{"a": 1}',
    ]) {
      await expect(collect(text, [7])).rejects.toBeInstanceOf(JsonShapeError);
    }
  });
});
