import { ConnectClient, DescribePhoneNumberCommand, ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import { ownerFromUrn, ownershipTags } from "../../core";
import { InventorySource } from "../inventory-source";
import { INSTANCE, OTHER_INSTANCE, urn } from "./resources";

/** A Connect client answering List and Describe from a table, counting the calls. */
function fakeConnect(numbers: Array<{ id: string; phoneNumber: string; targetArn: string; tags: Record<string, string> }>) {
  const calls: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof ListPhoneNumbersV2Command) {
        calls.push("ListPhoneNumbersV2");
        return { ListPhoneNumbersSummaryList: numbers.map((n) => ({ PhoneNumberId: n.id, PhoneNumber: n.phoneNumber, TargetArn: n.targetArn, PhoneNumberCountryCode: "US", PhoneNumberType: "DID" })) };
      }
      if (command instanceof DescribePhoneNumberCommand) {
        calls.push("DescribePhoneNumber");
        const n = numbers.find((x) => x.id === command.input.PhoneNumberId)!;
        return { ClaimedPhoneNumberSummary: { PhoneNumberId: n.id, Tags: n.tags, PhoneNumberStatus: { Status: "CLAIMED" } } };
      }
      throw new Error(`unexpected ${String(command)}`);
    },
  } as unknown as ConnectClient;
  return { client, calls };
}

describe("InventorySource: a stack's numbers by their ownership tags", () => {
  const mine = ownershipTags(ownerFromUrn(urn("support"))!, "l");
  const theirs = ownershipTags(ownerFromUrn("urn:pulumi:prod::shop::pulumi-nodejs:dynamic/connect:PhoneNumber::support")!, "l");
  const legacy = { "connect-numbers:stack": "shop/dev", "connect-numbers:resource": "sales", "connect-numbers:claim-key": "k" };

  it("keeps this stack's numbers (current and 0.1 tags), not another stack's or untagged ones, in 1 + N calls", async () => {
    const { client, calls } = fakeConnect([
      { id: "a", phoneNumber: "+12065550001", targetArn: INSTANCE, tags: mine },
      { id: "b", phoneNumber: "+12065550002", targetArn: INSTANCE, tags: theirs },
      { id: "c", phoneNumber: "+12065550003", targetArn: OTHER_INSTANCE, tags: legacy },
      { id: "d", phoneNumber: "+12065550004", targetArn: OTHER_INSTANCE, tags: {} },
    ]);
    const source = new InventorySource(client);
    const { owned, description } = await source.ownedBy("shop/dev");
    expect(owned.map((n) => [n.phoneNumberId, n.owner.legacy])).toEqual([["a", false], ["c", true]]);
    expect(description).toBe("inventory of 4 numbers (ListPhoneNumbersV2, DescribePhoneNumber each)");
    expect(await source.activeOn([INSTANCE, OTHER_INSTANCE, "arn:aws:connect:us-east-1:123456789012:instance/empty"])).toEqual(
      new Map([[INSTANCE, 2], [OTHER_INSTANCE, 2], ["arn:aws:connect:us-east-1:123456789012:instance/empty", 0]]),
    );
    expect(calls).toEqual(["ListPhoneNumbersV2", "DescribePhoneNumber", "DescribePhoneNumber", "DescribePhoneNumber", "DescribePhoneNumber"]);
  });
});
