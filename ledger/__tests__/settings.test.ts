import { defaultLedgerFile, parseLedgerSetting, resolveLedgerSetting } from "../settings";

describe("ledger setting", () => {
  it("reads dynamodb:, file:, memory: and off, and names the value and the fix when wrong", () => {
    expect(parseLedgerSetting("dynamodb:connect-numbers-ledger")).toEqual({ kind: "dynamodb", table: "connect-numbers-ledger" });
    expect(parseLedgerSetting("dynamodb:t.1?region=eu-west-2")).toEqual({ kind: "dynamodb", table: "t.1", region: "eu-west-2" });
    expect(parseLedgerSetting("file:ledger.json", "/work")).toEqual({ kind: "file", path: "/work/ledger.json" });
    expect(parseLedgerSetting("file:~/l.json", "/work", "/home/me")).toEqual({ kind: "file", path: "/home/me/l.json" });
    expect(parseLedgerSetting("file:///tmp/l.json")).toEqual({ kind: "file", path: "/tmp/l.json" });
    expect(parseLedgerSetting("memory:")).toEqual({ kind: "memory" });
    expect(parseLedgerSetting("off")).toEqual({ kind: "off" });
    expect(() => parseLedgerSetting("dynamodb:ab")).toThrow(/"ab" is not a DynamoDB table name/);
    expect(() => parseLedgerSetting("dynamodb:tbl?profile=x")).toThrow(/unknown parameter profile/);
    expect(() => parseLedgerSetting("s3://bucket")).toThrow(/is not a ledger location: use dynamodb:<table>, file:<path>, memory: or off/);
  });

  it("defaults to the per-user state file, which CONNECT_NUMBERS_LEDGER and XDG_STATE_HOME move", () => {
    expect(defaultLedgerFile({}, "linux", "/home/me")).toBe("/home/me/.local/state/connect-numbers/ledger.json");
    expect(defaultLedgerFile({ XDG_STATE_HOME: "/state" }, "linux", "/home/me")).toBe("/state/connect-numbers/ledger.json");
    expect(defaultLedgerFile({ XDG_STATE_HOME: "relative" }, "linux", "/home/me")).toBe("/home/me/.local/state/connect-numbers/ledger.json");
    expect(defaultLedgerFile({}, "darwin", "/Users/me")).toBe("/Users/me/Library/Application Support/connect-numbers/ledger.json");
    expect(defaultLedgerFile({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "win32", "C:\\Users\\me")).toBe("C:\\Users\\me\\AppData\\Local\\connect-numbers\\ledger.json");
    expect(resolveLedgerSetting(undefined, { CONNECT_NUMBERS_LEDGER: "dynamodb:team" })).toEqual({ kind: "dynamodb", table: "team" });
    expect(resolveLedgerSetting("file:/x.json", { CONNECT_NUMBERS_LEDGER: "dynamodb:team" })).toEqual({ kind: "file", path: "/x.json" });
    expect(resolveLedgerSetting(undefined, { XDG_STATE_HOME: "/s" })).toEqual({ kind: "file", path: "/s/connect-numbers/ledger.json" });
  });
});
