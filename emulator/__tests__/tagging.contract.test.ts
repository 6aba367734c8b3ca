import { ClaimPhoneNumberCommand, TagResourceCommand } from "@aws-sdk/client-connect";
import {
  GetResourcesCommand,
  GetResourcesCommandInput,
  InvalidParameterException,
  ResourceGroupsTaggingAPIClient,
  paginateGetResources,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { Fixture, clientConfig, startFixture } from "./fixture";

describe("emulator: Resource Groups Tagging API GetResources and STS GetCallerIdentity, through the real SDK", () => {
  let f: Fixture;
  let tagging: ResourceGroupsTaggingAPIClient;
  beforeEach(async () => {
    f = await startFixture({ quota: 20 });
    tagging = new ResourceGroupsTaggingAPIClient(clientConfig(f.emu.endpoint));
  });
  afterEach(async () => {
    tagging.destroy();
    await f.stop();
  });

  const claim = async (PhoneNumber: string, Tags: Record<string, string>) =>
    (
      await f.connect.send(
        new ClaimPhoneNumberCommand({
          TargetArn: f.instanceArn,
          PhoneNumber,
          Tags: Object.keys(Tags).length > 0 ? Tags : undefined,
        }),
      )
    ).PhoneNumberArn!;
  const arnsOf = async (input: GetResourcesCommandInput) =>
    ((await tagging.send(new GetResourcesCommand(input))).ResourceTagMappingList ?? [])
      .map((m) => m.ResourceARN)
      .sort();

  it("filters by tags (every filter, any of its values, or the key alone) and by resource type", async () => {
    const a = await claim("+12065550100", { stack: "p/dev", owner: "k1" });
    const b = await claim("+12065550101", { stack: "p/dev", owner: "k2" });
    const c = await claim("+12065550102", { stack: "p/prod", owner: "k1" });
    await claim("+12065550103", {});
    expect(await arnsOf({ TagFilters: [{ Key: "stack", Values: ["p/dev"] }] })).toEqual([a, b].sort());
    expect(
      await arnsOf({
        TagFilters: [
          { Key: "stack", Values: ["p/dev"] },
          { Key: "owner", Values: ["k1"] },
        ],
      }),
    ).toEqual([a]);
    expect(await arnsOf({ TagFilters: [{ Key: "owner", Values: ["k1", "k2"] }] })).toEqual([a, b, c].sort());
    expect(await arnsOf({ TagFilters: [{ Key: "owner" }] })).toEqual([a, b, c].sort());
    expect(
      await arnsOf({ ResourceTypeFilters: ["connect:phone-number"], TagFilters: [{ Key: "owner", Values: ["k2"] }] }),
    ).toEqual([b]);
    expect(await arnsOf({ ResourceTypeFilters: ["connect"], TagFilters: [{ Key: "owner", Values: ["k2"] }] })).toEqual([
      b,
    ]);
    expect(await arnsOf({ ResourceTypeFilters: ["ec2:instance"] })).toEqual([]);
    // Without filters: every tagged resource, with its tags as a list.
    const all = (await tagging.send(new GetResourcesCommand({}))).ResourceTagMappingList!;
    expect(all).toHaveLength(3);
    expect(all.find((m) => m.ResourceARN === a)!.Tags).toEqual([
      { Key: "stack", Value: "p/dev" },
      { Key: "owner", Value: "k1" },
    ]);
  });

  it("sees tags changed after the claim, pages with PaginationToken, and ends with an empty token", async () => {
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) arns.push(await claim(`+1206555010${i}`, {}));
    for (const resourceArn of arns)
      await f.connect.send(new TagResourceCommand({ resourceArn, tags: { stack: "p/dev" } }));
    const first = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: "stack", Values: ["p/dev"] }], ResourcesPerPage: 2 }),
    );
    expect(first.ResourceTagMappingList).toHaveLength(2);
    expect(first.PaginationToken).not.toBe("");
    const paged: string[] = [];
    for await (const page of paginateGetResources(
      { client: tagging, pageSize: 2 },
      { TagFilters: [{ Key: "stack", Values: ["p/dev"] }] },
    )) {
      paged.push(...(page.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!));
    }
    expect(paged.sort()).toEqual(arns.sort());
    const last = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: "stack", Values: ["p/dev"] }], ResourcesPerPage: 100 }),
    );
    expect(last.PaginationToken).toBe("");
  });

  it("answers per account and region, and refuses what AWS refuses", async () => {
    await claim("+12065550100", { stack: "p/dev" });
    const west = new ResourceGroupsTaggingAPIClient(clientConfig(f.emu.endpoint, "us-west-2"));
    try {
      expect(
        (await west.send(new GetResourcesCommand({ TagFilters: [{ Key: "stack" }] }))).ResourceTagMappingList,
      ).toEqual([]);
    } finally {
      west.destroy();
    }
    await expect(
      tagging.send(
        new GetResourcesCommand({
          ResourceARNList: ["arn:aws:connect:us-east-1:123456789012:phone-number/x"],
          TagFilters: [{ Key: "a" }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(tagging.send(new GetResourcesCommand({ ResourcesPerPage: 101 }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it("tells the caller its account (STS over awsQuery)", async () => {
    for (const [key, account] of [
      ["AKIDEXAMPLE", f.emu.accountId],
      ["210987654321", "210987654321"],
    ] as const) {
      const sts = new STSClient(clientConfig(f.emu.endpoint, "us-east-1", key));
      try {
        const me = await sts.send(new GetCallerIdentityCommand({}));
        expect(me).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:user/connect-numbers-emulator` });
      } finally {
        sts.destroy();
      }
    }
  });
});
