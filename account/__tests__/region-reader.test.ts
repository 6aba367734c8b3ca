import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClaimPhoneNumberCommand, SearchAvailablePhoneNumbersCommand } from "@aws-sdk/client-connect";
import { RunningEmulator, startEmulator } from "../../emulator";
import { AwsSession, createSession } from "../../aws/session";
import { ownerFromUrn, ownerKey, ownershipTags } from "../../core";
import { KvLedger } from "../../ledger";
import { FileStore } from "../../ledger/stores/file";
import { RegionReader } from "../region-reader";

const SET_URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumberSet::pool";
const SINGLE_URN = "urn:pulumi:prod::cc::pulumi-nodejs:dynamic/connect:PhoneNumber::support";

describe("RegionReader.stackNumbers: the status of a set's numbers, for every face alike", () => {
  let emu: RunningEmulator;
  let aws: AwsSession;
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0 });
    aws = createSession({ endpoint: emu.endpoint, region: emu.region });
  });
  afterEach(async () => {
    aws.destroy();
    await emu.stop();
  });

  const claim = async (urn: string) => {
    const TargetArn = (await emu.control.info()).instances[0];
    const free = await aws.connect.send(
      new SearchAvailablePhoneNumbersCommand({
        TargetArn,
        PhoneNumberCountryCode: "US",
        PhoneNumberType: "DID",
        MaxResults: 1,
      }),
    );
    const claimed = await aws.connect.send(
      new ClaimPhoneNumberCommand({
        TargetArn,
        PhoneNumber: free.AvailableNumbersList![0].PhoneNumber,
        Tags: ownershipTags(ownerFromUrn(urn)!, "lease-1"),
      }),
    );
    return claimed.PhoneNumberId!;
  };

  it("reads a set member's status (a FAILED claim says so), and describes no single number", async () => {
    const held = await claim(SET_URN);
    await emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit." });
    const failed = await claim(SET_URN);
    const single = await claim(SINGLE_URN);
    const reader = new RegionReader({ region: emu.region, endpoint: emu.endpoint, ledger: "off" });
    try {
      const read = await reader.stackNumbers("cc/prod");
      const statusOf = new Map(read.numbers.map((n) => [n.phoneNumberId, n.status]));
      expect(Object.fromEntries([held, failed, single].map((id) => [id, statusOf.get(id)]))).toEqual({
        [held]: "CLAIMED",
        [failed]: "FAILED",
        [single]: undefined,
      });
    } finally {
      reader.close();
    }
  });

  it("takes a set member's FAILED status from the ledger's vouched index: no DescribePhoneNumber at all", async () => {
    const held = await claim(SET_URN);
    await emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit." });
    const failed = await claim(SET_URN);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-reader-"));
    const file = path.join(dir, "ledger.json");
    const store = new FileStore(file);
    await store.init();
    const ledger = new KvLedger(store);
    const scope = { accountId: (await emu.control.info()).accountId, region: emu.region };
    const owner = ownerFromUrn(SET_URN)!;
    // What the provider writes: the holder record, with FAILED once it learns the claim ended so.
    for (const [id, isFailed] of [
      [held, false],
      [failed, true],
    ] as const) {
      await ledger.putOwnership(scope, {
        service: "connect",
        phoneNumberId: id,
        phoneNumber: `+1${id}`,
        stack: "cc/prod",
        ownerUrn: SET_URN,
        ownerKey: ownerKey(SET_URN),
        lease: "lease-1",
        updatedAt: Date.now(),
        ...(isFailed ? { failed: true as const } : {}),
      });
    }
    await ledger.markIndexReconciled(scope, { stacks: [owner.stack], at: Date.now(), by: "test", staleBefore: 0 });
    await ledger.close();
    // A describe would fail the read.
    await emu.control.fault({ operation: "DescribePhoneNumber", kind: "access-denied", count: 100 });
    const reader = new RegionReader({ region: emu.region, endpoint: emu.endpoint, ledger: `file:${file}` });
    try {
      const read = await reader.stackNumbers("cc/prod");
      expect(read.description).toMatch(/^ledger file .*: 2 numbers of cc\/prod in its ownership index/);
      const statusOf = new Map(read.numbers.map((n) => [n.phoneNumberId, n.status]));
      expect(Object.fromEntries([held, failed].map((id) => [id, statusOf.get(id)]))).toEqual({
        [held]: undefined,
        [failed]: "FAILED",
      });
    } finally {
      reader.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
