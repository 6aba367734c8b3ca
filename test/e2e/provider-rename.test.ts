import { DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import * as path from "node:path";
import { KEPT_FOR_TAG, ownerKey } from "../../core";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NOW, cli, tempDir } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const PACK = path.join(REPO_ROOT, "policies");
const RENAME = "connect-phone-number-rename";
const ACCOUNT_POLICIES = [
  RENAME,
  "connect-phone-number-churn",
  "connect-phone-number-report",
  "sms-origination-number-release-refused",
];
const urnOf = (name: string) => `urn:pulumi:dev::numbers::${PHONE_TYPE}::${name}`;

/**
 * Issue 20 item 4: a searched number renamed without an alias, applied without the pack (`up --skip-preview`).
 * Pulumi creates the new resource (a search claims a fresh number) before it deletes the old one; the provider
 * refuses that release, so the old number is never lost, and a retry that creates nothing refuses it again.
 */
describe("provider: a searched number renamed without an alias is never released by `up --skip-preview`", () => {
  let s: NumbersStack;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(async () => {
    await s?.cleanup();
    for (const d of dirs.splice(0)) d.cleanup();
  });

  const sales = { name: "sales", target: "instance", countryCode: "US", type: "DID" };
  const upSkip = () => s.ws.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
  const churn = async () => (await s.emu.control.events()).map((e) => `${e.action} ${e.phoneNumber}`);
  const inState = async () =>
    ((await s.ws.stackExport()).deployment.resources ?? [])
      .filter((r) => r.type === PHONE_TYPE)
      .map((r) => [r.urn.split("::").pop(), r.outputs?.phoneNumber]);
  const numberOf = async (id: string) =>
    (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: id }))).ClaimedPhoneNumberSummary!;

  /** The pack and `check`, each on this stack's planned change: both must block the rename. */
  async function expectGatesBlock(oldNumber: string) {
    const packConfig = Object.fromEntries(
      ACCOUNT_POLICIES.map((p) => [
        p,
        { endpoint: s.emu.endpoint, region: "us-east-1", historyFiles: [], ledger: "off", unseenHistory: "warn" },
      ]),
    );
    const preview = await s.ws.preview({ policyPacks: [{ dir: PACK, config: packConfig }] });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toContain(
      `${urnOf("sales-main")} searches for a number that ${oldNumber} (held by ${urnOf("sales")}, which this plan lets go) matches`,
    );

    const { result } = await s.ws.previewJson();
    const dir = tempDir("rename-plan-");
    dirs.push(dir);
    const checked = await cli([
      "check",
      dir.write("plan.json", result.stdout),
      "--quota",
      "20",
      "--now",
      NOW,
      "--unseen-history",
      "warn",
      "--format",
      "json",
    ]);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).renames).toEqual([
      expect.objectContaining({
        kind: "reclaim",
        released: urnOf("sales"),
        claim: urnOf("sales-main"),
        phoneNumber: oldNumber,
        blocking: true,
      }),
    ]);
  }

  it("refuses the old number's release (both resources, the number, each way out), refuses it again on a plain retry, and moving it to the new name keeps it", async () => {
    s = await numbersStack();
    await s.declare([sales]);
    await s.upOk();
    const { numbers, ids } = await s.outputs();
    const old = numbers.sales;

    await s.declare([{ ...sales, name: "sales-main" }]);
    await expectGatesBlock(old);

    const refused = await upSkip();
    expect(refused.code).not.toBe(0);
    const said = `${refused.stdout}\n${refused.stderr}`.replace(/\s+/g, " ");
    expect(said).toContain(
      `PhoneNumber "sales": refusing to release ${old} (${ids.sales}): PhoneNumber "sales-main", created by this \`up\`, searched for a new number`,
    );
    expect(said).toContain('keep it: declare PhoneNumber "sales" again as it was');
    expect(said).toContain(
      'or move it to the new name: declare PhoneNumber "sales" again and remove PhoneNumber "sales-main"',
    );
    expect(said).toContain('then rename with aliases: [{ name: "sales" }]');
    expect(said).toContain(`pulumi config set --path 'connect-numbers:allowReleases[0]' '${old}' --type string`);
    const [, fresh] = (await churn())[1].split(" ");
    expect(await churn()).toEqual([`claim ${old}`, `claim ${fresh}`]);
    expect(await inState()).toEqual(
      expect.arrayContaining([
        ["sales", old],
        ["sales-main", fresh],
      ]),
    );
    const kept = await numberOf(ids.sales);
    expect(kept.PhoneNumberStatus?.Status).toBe("CLAIMED");
    expect(kept.Tags).toMatchObject({
      "connect-numbers:owner": ownerKey(urnOf("sales")),
      [KEPT_FOR_TAG]: ownerKey(urnOf("sales-main")),
    });

    // A retry creates nothing: the mark on the number refuses the release again.
    const retried = await upSkip();
    expect(retried.code).not.toBe(0);
    expect(`${retried.stdout}\n${retried.stderr}`.replace(/\s+/g, " ")).toContain(
      `PhoneNumber "sales": refusing to release ${old} (${ids.sales}): PhoneNumber "sales-main" searches for a number that ${old} meets, and an earlier \`up\` refused this release`,
    );
    expect(await churn()).toEqual([`claim ${old}`, `claim ${fresh}`]);

    // The advice: the old name back and the new one gone (its fresh number released), then the rename with an alias.
    await s.declare([sales]);
    await s.upOk();
    expect(await churn()).toEqual([`claim ${old}`, `claim ${fresh}`, `release ${fresh}`]);
    await s.declare([{ ...sales, name: "sales-main", aliases: ["sales"] }]);
    await s.upOk();
    expect(await inState()).toEqual([["sales-main", old]]);
    const moved = await numberOf(ids.sales);
    expect(moved.Tags?.["connect-numbers:owner"]).toBe(ownerKey(urnOf("sales-main")));
    expect(moved.Tags?.[KEPT_FOR_TAG]).toBeUndefined();
    expect(await churn()).toEqual([`claim ${old}`, `claim ${fresh}`, `release ${fresh}`]);
  });

  it("connect-numbers:allowReleases releases it on purpose; a plain removal releases as before", async () => {
    s = await numbersStack();
    await s.declare([sales, { ...sales, name: "spare" }]);
    await s.upOk();
    const { numbers } = await s.outputs();

    // A removal creates nothing: the number goes, as the pack and `check` list it.
    await s.declare([sales]);
    expect((await upSkip()).code).toBe(0);
    expect(await churn()).toEqual(expect.arrayContaining([`release ${numbers.spare}`]));

    await s.declare([{ ...sales, name: "sales-main" }]);
    expect((await upSkip()).code).not.toBe(0);
    expect(await churn()).not.toContain(`release ${numbers.sales}`);
    await s.ws.pulumiOk([
      "config",
      "set",
      "--path",
      "connect-numbers:allowReleases[0]",
      numbers.sales,
      "--type",
      "string",
    ]);
    const allowed = await upSkip();
    expect(`${allowed.code}\n${allowed.stdout}\n${allowed.stderr}`).toMatch(/^0\n/);
    expect(await churn()).toContain(`release ${numbers.sales}`);
    expect((await inState()).map(([name]) => name)).toEqual(["sales-main"]);
  });

  it("`pulumi destroy` releases a number an earlier refusal kept: nothing is declared, so nothing wants it", async () => {
    s = await numbersStack();
    await s.declare([sales]);
    await s.upOk();
    const { numbers, ids } = await s.outputs();
    await s.declare([{ ...sales, name: "sales-main" }]);
    expect((await upSkip()).code).not.toBe(0);
    expect((await numberOf(ids.sales)).Tags?.[KEPT_FOR_TAG]).toBe(ownerKey(urnOf("sales-main")));

    const destroyed = await s.ws.destroy();
    expect(destroyed.code).toBe(0);
    const events = await churn();
    expect(events).toContain(`release ${numbers.sales}`);
    expect(events.filter((e) => e.startsWith("release"))).toHaveLength(2);
    expect(await inState()).toEqual([]);
  });
});
