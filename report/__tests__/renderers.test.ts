import { render, FORMATS } from "..";
import { scheduleJson, scheduleOf, scheduleText } from "../waves";
import { expectGolden } from "./golden";
import { SCENARIOS } from "./scenarios";

const ENV = { GITHUB_WORKSPACE: "/workspace" };
const EXT = { text: "txt", json: "json", markdown: "md", github: "github.txt", sarif: "sarif.json" } as const;

describe.each(Object.entries(SCENARIOS))("%s", (name, build) => {
  it.each(FORMATS)("renders %s as its golden file", (format) => {
    const { out, stepSummary } = render(build(), format, ENV);
    expectGolden(`${name}.${EXT[format]}`, stepSummary === undefined ? out : `${out}\n\n${stepSummary}`);
  });

  it("renders its plan-waves schedule as the golden files", () => {
    const schedule = scheduleOf(build());
    expectGolden(`${name}.waves.txt`, scheduleText(schedule));
    expectGolden(`${name}.waves.json`, JSON.stringify(scheduleJson(schedule), null, 2));
  });
});
