import fc from "fast-check";
import { HistoryFileError, parseHistoryLines, parseRfc3339 } from "../history-file";

describe("parseRfc3339", () => {
  it("reads any instant written with Z or with an offset as the same instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0100-01-02T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (d, offset) => {
          const at = d.getTime();
          expect(parseRfc3339(d.toISOString())).toBe(at);
          const local = new Date(at + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? "-" : "+";
          const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
          const mm = String(Math.abs(offset) % 60).padStart(2, "0");
          expect(parseRfc3339(`${local}${sign}${hh}:${mm}`)).toBe(at);
        },
      ),
    );
  });

  it.each([
    "06/01/2026",
    "2026-06-01",
    "2026-06-01T00:00:00",
    "2026-06-01 00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-06-01T24:00:00Z",
    "2026-06-01T00:00:00+2",
    "2026-06-01T00:00:00+24:00",
    "Mon, 01 Jun 2026 00:00:00 GMT",
    "2026-06-01T00:00Z",
    "",
  ])("refuses %j", (text) => {
    expect(parseRfc3339(text)).toBeNaN();
  });

  it("accepts lower-case letters and a leap second", () => {
    expect(parseRfc3339("2026-06-01t00:00:00z")).toBe(Date.UTC(2026, 5, 1));
    expect(parseRfc3339("2016-12-31T23:59:60Z")).toBe(Date.UTC(2017, 0, 1));
  });
});

describe("parseHistoryLines", () => {
  const parse = (line: string) => () => parseHistoryLines(`# comment\n\n${line}\n`, "/abs/history.jsonl");

  it("reads the documented fields, imports as claims", () => {
    expect(
      parseHistoryLines(
        '{"time": "2026-06-01T02:00:00+02:00", "action": "import", "phoneNumber": "+18005550100", "eventId": "e-1"}',
        "f",
      ),
    ).toEqual([
      {
        at: Date.UTC(2026, 5, 1),
        action: "claim",
        phoneNumber: "+18005550100",
        phoneNumberId: undefined,
        eventId: "e-1",
        source: "f",
      },
    ]);
  });

  it.each([
    [
      '{"time": "06/01/2026", "action": "claim"}',
      /history.jsonl:3: "time" "06\/01\/2026" is not an RFC 3339 date-time with an offset/,
    ],
    ['{"time": "2026-06-01T00:00:00", "action": "claim"}', /:3: "time" .* with an offset/],
    ['{"time": "2026-06-01T00:00:00Z", "action": "claim", "phonenumber": "+1"}', /:3: unknown key "phonenumber"/],
    ['{"time": "2026-06-01T00:00:00Z", "action": "claimed"}', /:3: "action" "claimed"/],
    [
      '{"time": "2026-06-01T00:00:00Z", "action": "claim", "phoneNumber": "555-0100"}',
      /:3: "phoneNumber" "555-0100" is not E.164/,
    ],
    ["[1]", /:3: not a JSON object/],
    ["{", /:3: not JSON/],
  ])("refuses %s naming the file and line", (line, message) => {
    expect(parse(line)).toThrow(HistoryFileError);
    expect(parse(line)).toThrow(message);
  });
});
