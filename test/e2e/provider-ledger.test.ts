import { ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { openLedger } from "../../ledger";
import { PulumiWorkspace, REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

/**
 * Two pipelines on one account: two stacks (each its own Pulumi backend, as two teams' CI have) run `pulumi up` at
 * the same time through the real CLI, with one DynamoDB churn ledger (dynalite behind the emulator's endpoint) named
 * by the stack config both share. Each reads the same history and would find room for all of its claims; the
 * ledger's conditional writes give them exactly the room there is, between them.
 */
const QUOTA = 5; // 10 claims and releases in the window
const PAST = 6; // already in the window: room for 4 (and at most 4 live numbers, under the account's 5)
const EACH = 3; // 6 claims wanted

describe("provider: two concurrent `pulumi up`s against one DynamoDB ledger", () => {
  let a: NumbersStack;
  let b: PulumiWorkspace | undefined;
  afterEach(async () => {
    b?.cleanup();
    b = undefined;
    await a?.cleanup();
  });

  it("never cross the budget and never claim twice; the one refused names the budget", async () => {
    a = await numbersStack({ quota: QUOTA });
    await a.ws.setConfig({ "connect-numbers:ledger": "dynamodb:team-ledger" });
    const info = await a.emu.control.info();
    const now = (await a.emu.control.clock()).ms;
    await a.emu.control.seed({
      events: Array.from({ length: PAST }, (_, i) => ({ at: now - (10 + i) * DAY_MS, action: "release" as const })),
    });
    const init = await runProcess(path.join(REPO_ROOT, "bin/connect-numbers"), [
      "ledger",
      "init",
      "--ledger",
      "dynamodb:team-ledger",
      "--endpoint",
      a.emu.endpoint,
      "--region",
      a.emu.region,
    ]);
    expect(init.code).toBe(0);

    // The second pipeline: the same program as another stack, in a backend of its own, on the same account.
    b = await PulumiWorkspace.create("test/e2e/programs/numbers", {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    await b.pulumiOk(["stack", "init", "teammate", "--non-interactive"]);
    const history = path.join(b.root, "churn-history.jsonl");
    fs.writeFileSync(history, "");
    await b.setConfig({
      "connect-numbers:historyFiles": history,
      "connect-numbers:endpoint": a.emu.endpoint,
      "connect-numbers:region": a.emu.region,
      "connect-numbers:ledger": "dynamodb:team-ledger",
      instanceArn: info.instances[0],
      tdgArn: info.trafficDistributionGroups[0],
    });
    const searched = (prefix: string, target: string) =>
      Array.from({ length: EACH }, (_, i) => ({ name: `${prefix}${i}`, target, countryCode: "US", type: "DID" }));
    await a.declare(searched("a", "instance"));
    await b.setConfig({ numbers: JSON.stringify(searched("b", "tdg")) });

    const [upA, upB] = await Promise.all([a.up(), b.up()]);

    const live =
      (await a.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1000 }))).ListPhoneNumbersSummaryList ?? [];
    const claims = (await a.emu.control.events()).filter((e) => e.action === "claim");
    const held = async (ws: PulumiWorkspace) =>
      (await ws.stackExport()).deployment.resources
        ?.filter((r) => r.type.endsWith("connect:PhoneNumber"))
        .map((r) => String(r.outputs?.phoneNumberId)) ?? [];
    const [heldA, heldB] = await Promise.all([held(a.ws), held(b)]);
    const ledger = (await openLedger("dynamodb:team-ledger", { endpoint: a.emu.endpoint, region: a.emu.region }))!;
    let window;
    try {
      window = await ledger.windowEvents(
        { accountId: info.accountId, region: a.emu.region },
        (await a.emu.control.clock()).ms,
        180,
      );
    } finally {
      await ledger.close();
    }
    console.log(
      `two concurrent ups, ${EACH} claims each, room for ${2 * QUOTA - PAST}: exit ${upA.code}/${upB.code}, ${heldA.length}+${heldB.length} held, ` +
        `${claims.length} claims at AWS, ${live.length} live numbers, ${window.length} events in the ledger's window`,
    );

    // Exactly the room, between them: the ledger handed out every slot and no more, each became a claim at AWS (a
    // claim AWS refused, such as a searched number the other stack got first, frees its slot for a new search).
    expect(window).toHaveLength(2 * QUOTA);
    expect(claims).toHaveLength(2 * QUOTA - PAST);
    expect(
      window
        .filter((e) => e.action === "claim")
        .map((e) => e.phoneNumberId)
        .sort(),
    ).toEqual(claims.map((c) => c.phoneNumberId).sort());
    const failed = [upA, upB]
      .filter((u) => u.code !== 0)
      .map((u) => u.stdout + u.stderr)
      .join("\n");
    // Never twice: each number claimed once, held by exactly one resource of one stack.
    expect(new Set(claims.map((c) => c.phoneNumberId)).size).toBe(claims.length);
    expect([...heldA, ...heldB].sort()).toEqual(live.map((n) => n.PhoneNumberId).sort());
    // The stack that ran out of room says so, with the window's count.
    expect([upA.code, upB.code]).toContain(1);
    expect(failed).toMatch(/refusing to claim \+\d+: .*the rolling 180-day window already holds 10 of 10/);
  });
});
