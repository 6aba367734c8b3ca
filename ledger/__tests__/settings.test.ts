import { chooseLedger, defaultLedgerFile, parseLedgerSetting } from "../settings";

describe("ledger setting", () => {
  it("reads dynamodb:, file:, memory: and off, and names the value and the fix when wrong", () => {
    expect(parseLedgerSetting("dynamodb:connect-numbers-ledger")).toEqual({
      kind: "dynamodb",
      table: "connect-numbers-ledger",
    });
    expect(parseLedgerSetting("dynamodb:t.1?region=eu-west-2")).toEqual({
      kind: "dynamodb",
      table: "t.1",
      region: "eu-west-2",
    });
    expect(parseLedgerSetting("file:ledger.json", "/work")).toEqual({ kind: "file", path: "/work/ledger.json" });
    expect(parseLedgerSetting("file:~/l.json", "/work", "/home/me")).toEqual({ kind: "file", path: "/home/me/l.json" });
    expect(parseLedgerSetting("file:///tmp/l.json")).toEqual({ kind: "file", path: "/tmp/l.json" });
    expect(parseLedgerSetting("memory:")).toEqual({ kind: "memory" });
    expect(parseLedgerSetting("off")).toEqual({ kind: "off" });
    expect(() => parseLedgerSetting("dynamodb:ab")).toThrow(/"ab" is not a DynamoDB table name/);
    expect(() => parseLedgerSetting("dynamodb:tbl?profile=x")).toThrow(/unknown parameter profile/);
    expect(() => parseLedgerSetting("s3://bucket")).toThrow(
      /is not a ledger location: use dynamodb:<table>, file:<path>, memory: or off/,
    );
  });

  it("defaults to the per-user state file, which CONNECT_NUMBERS_LEDGER and XDG_STATE_HOME move", () => {
    expect(defaultLedgerFile({}, "linux", "/home/me")).toBe("/home/me/.local/state/connect-numbers/ledger.json");
    expect(defaultLedgerFile({ XDG_STATE_HOME: "/state" }, "linux", "/home/me")).toBe(
      "/state/connect-numbers/ledger.json",
    );
    expect(defaultLedgerFile({ XDG_STATE_HOME: "relative" }, "linux", "/home/me")).toBe(
      "/home/me/.local/state/connect-numbers/ledger.json",
    );
    expect(defaultLedgerFile({}, "darwin", "/Users/me")).toBe(
      "/Users/me/Library/Application Support/connect-numbers/ledger.json",
    );
    expect(defaultLedgerFile({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "win32", "C:\\Users\\me")).toBe(
      "C:\\Users\\me\\AppData\\Local\\connect-numbers\\ledger.json",
    );
    const always = (env: NodeJS.ProcessEnv) => ({ perUserFile: "always" as const, env });
    expect(chooseLedger(undefined, always({ CONNECT_NUMBERS_LEDGER: "dynamodb:team" }))).toEqual({
      location: { kind: "dynamodb", table: "team" },
      from: "CONNECT_NUMBERS_LEDGER",
    });
    expect(chooseLedger("file:/x.json", always({ CONNECT_NUMBERS_LEDGER: "dynamodb:team" }))).toEqual({
      location: { kind: "file", path: "/x.json" },
      from: "setting",
    });
    expect(chooseLedger(undefined, always({ XDG_STATE_HOME: "/s" }))).toEqual({
      location: { kind: "file", path: "/s/connect-numbers/ledger.json" },
      from: "per-user file",
    });
  });

  it("takes the per-user file as each face asks: always (provider, which creates it), if it exists (pack, CLI)", () => {
    const env = { XDG_STATE_HOME: "/s" };
    const file = { kind: "file", path: "/s/connect-numbers/ledger.json" };
    expect(chooseLedger(undefined, { perUserFile: "if-it-exists", env, exists: () => true }).location).toEqual(file);
    expect(chooseLedger(undefined, { perUserFile: "if-it-exists", env, exists: () => false })).toEqual({
      location: { kind: "off" },
      from: "nothing",
    });
    expect(chooseLedger("file:l.json", { perUserFile: "if-it-exists", env, cwd: "/prog" }).location).toEqual({
      kind: "file",
      path: "/prog/l.json",
    });
  });
});
