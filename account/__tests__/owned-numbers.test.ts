import { ConnectClient, ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { ownerFromUrn, ownerKey, ownershipTags } from "../../core";
import { MemoryLedger } from "../../ledger";
import { LedgerIndexSource } from "../ledger-index";
import { TagQuerySource } from "../tag-query";
import { INSTANCE, OTHER_INSTANCE, urn } from "../../policies/__tests__/resources";

interface Row {
  id: string;
  phoneNumber: string;
  targetArn: string;
  tags: Record<string, string>;
  /** Released since the tagging index saw it: tagged still, listed no more. */
  gone?: boolean;
}

/** Connect and the tagging API answering from a table, counting the calls (a page of 100 tag mappings). */
function fakeAws(rows: Row[]) {
  const calls: string[] = [];
  const arn = (id: string) => `arn:aws:connect:us-east-1:123456789012:phone-number/${id}`;
  const connect = {
    async send(command: unknown) {
      if (!(command instanceof ListPhoneNumbersV2Command)) throw new Error(`unexpected ${String(command)}`);
      calls.push("ListPhoneNumbersV2");
      const listed = rows.filter(
        (r) => !r.gone && (!command.input.TargetArn || r.targetArn === command.input.TargetArn),
      );
      return {
        ListPhoneNumbersSummaryList: listed.map((n) => ({
          PhoneNumberId: n.id,
          PhoneNumberArn: arn(n.id),
          PhoneNumber: n.phoneNumber,
          TargetArn: n.targetArn,
          PhoneNumberCountryCode: "US",
          PhoneNumberType: "DID",
        })),
      };
    },
  } as unknown as ConnectClient;
  const tagging = {
    async send(command: unknown) {
      if (!(command instanceof GetResourcesCommand)) throw new Error(`unexpected ${String(command)}`);
      calls.push("GetResources");
      const [filter] = command.input.TagFilters ?? [];
      const matched = rows.filter(
        (r) => filter && r.tags[filter.Key!] !== undefined && (filter.Values ?? []).includes(r.tags[filter.Key!]),
      );
      const start = Number(command.input.PaginationToken || 0);
      const page = matched.slice(start, start + 100);
      return {
        ResourceTagMappingList: page.map((r) => ({
          ResourceARN: arn(r.id),
          Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
        })),
        PaginationToken: start + 100 < matched.length ? String(start + 100) : "",
      };
    },
  } as unknown as ResourceGroupsTaggingAPIClient;
  return { connect, tagging, calls };
}

const mine = ownershipTags(ownerFromUrn(urn("support"))!, "l");
const theirs = ownershipTags(
  ownerFromUrn("urn:pulumi:prod::shop::pulumi-nodejs:dynamic/connect:PhoneNumber::support")!,
  "l",
);
const legacy = {
  "connect-numbers:stack": "shop/dev",
  "connect-numbers:resource": "sales",
  "connect-numbers:claim-key": "k",
};

describe("TagQuerySource: a stack's numbers by their ownership tags, never a describe per number", () => {
  it("keeps this stack's numbers (current and 0.1 tags), not another stack's, untagged or released ones", async () => {
    const { connect, tagging, calls } = fakeAws([
      { id: "a", phoneNumber: "+12065550001", targetArn: INSTANCE, tags: mine },
      { id: "b", phoneNumber: "+12065550002", targetArn: INSTANCE, tags: theirs },
      { id: "c", phoneNumber: "+12065550003", targetArn: OTHER_INSTANCE, tags: legacy },
      { id: "d", phoneNumber: "+12065550004", targetArn: OTHER_INSTANCE, tags: {} },
      { id: "e", phoneNumber: "+12065550005", targetArn: INSTANCE, tags: mine, gone: true },
    ]);
    const source = new TagQuerySource(connect, tagging);
    const { owned, description } = await source.ownedBy("shop/dev");
    expect(owned.map((n) => [n.phoneNumberId, n.phoneNumber, n.owner.legacy])).toEqual([
      ["a", "+12065550001", false],
      ["c", "+12065550003", true],
    ]);
    expect(description).toBe(
      "tag query: 2 numbers tagged connect-numbers:stack=shop/dev (GetResources, ListPhoneNumbersV2 of 4 numbers)",
    );
    expect(calls).toEqual(["GetResources", "ListPhoneNumbersV2"]);
    calls.length = 0;
    const empty = "arn:aws:connect:us-east-1:123456789012:instance/empty";
    expect(await source.activeOn([INSTANCE, OTHER_INSTANCE, empty])).toEqual(
      new Map([
        [INSTANCE, 2],
        [OTHER_INSTANCE, 2],
        [empty, 0],
      ]),
    );
    expect(calls).toEqual(["ListPhoneNumbersV2", "ListPhoneNumbersV2", "ListPhoneNumbersV2"]);
  });

  it("costs one GetResources per 100 of the stack's numbers and one listing, whatever else the account holds; a stack with none costs one call", async () => {
    const rows: Row[] = Array.from({ length: 450 }, (_, i) => ({
      id: `n${i}`,
      phoneNumber: `+1206555${String(i).padStart(4, "0")}`,
      targetArn: INSTANCE,
      tags: i < 250 ? mine : theirs,
    }));
    const { connect, tagging, calls } = fakeAws(rows);
    const source = new TagQuerySource(connect, tagging);
    expect((await source.ownedBy("shop/dev")).owned).toHaveLength(250);
    expect(calls).toEqual(["GetResources", "GetResources", "GetResources", "ListPhoneNumbersV2"]);
    calls.length = 0;
    expect((await source.ownedBy("shop/none")).owned).toEqual([]);
    expect(calls).toEqual(["GetResources"]);
  });
});

describe("LedgerIndexSource: the ledger's index when it vouches for the stack, else the tags", () => {
  const scope = { accountId: "123456789012", region: "us-east-1" };
  const holding = (id: string, stack = "shop/dev") => ({
    service: "connect" as const,
    phoneNumberId: id,
    phoneNumber: `+1206555${id.padStart(4, "0")}`,
    stack,
    ownerUrn: urn(`n${id}`),
    ownerKey: ownerKey(urn(`n${id}`)),
    lease: "l",
    countryCode: "US",
    type: "DID",
    updatedAt: 0,
  });

  it("answers from one Query of a vouched index with no AWS call, and falls back to the tags, saying why, when it cannot vouch", async () => {
    const ledger = new MemoryLedger();
    const { connect, tagging, calls } = fakeAws([
      { id: "a", phoneNumber: "+12065550001", targetArn: INSTANCE, tags: mine },
    ]);
    const source = new LedgerIndexSource(async () => ({ ledger, scope }), new TagQuerySource(connect, tagging));

    await ledger.putOwnership(scope, holding("1"));
    const unvouched = await source.ownedBy("shop/dev");
    expect(unvouched.owned.map((n) => n.phoneNumberId)).toEqual(["a"]);
    expect(unvouched.description).toContain("not the ledger memory (this stack's index was never reconciled");
    expect(calls).toEqual(["GetResources", "ListPhoneNumbersV2"]);

    calls.length = 0;
    await ledger.markIndexReconciled(scope, {
      stacks: ["shop/dev"],
      at: Date.now(),
      by: "ledger sync by test",
      staleBefore: 0,
    });
    await Promise.all(["2", "3"].map((id) => ledger.putOwnership(scope, holding(id))));
    await ledger.putOwnership(scope, holding("4", "shop/prod"));
    const vouched = await source.ownedBy("shop/dev");
    expect(vouched.owned.map((n) => [n.phoneNumberId, n.owner.key, n.owner.urnTag])).toEqual(
      ["1", "2", "3"].map((id) => [id, ownerKey(urn(`n${id}`)), urn(`n${id}`)]),
    );
    expect(vouched.description).toMatch(
      /^ledger memory: 3 numbers of shop\/dev in its ownership index \(one Query; complete since \S+ \(ledger sync by test\), every write since through this ledger\)$/,
    );
    expect(calls).toEqual([]);
  });

  it("is the tag query alone without a ledger", async () => {
    const { connect, tagging } = fakeAws([{ id: "a", phoneNumber: "+12065550001", targetArn: INSTANCE, tags: mine }]);
    const source = new LedgerIndexSource(async () => undefined, new TagQuerySource(connect, tagging));
    expect((await source.ownedBy("shop/dev")).description).toBe(
      "tag query: 1 number tagged connect-numbers:stack=shop/dev (GetResources, ListPhoneNumbersV2 of 1 number)",
    );
  });
});
