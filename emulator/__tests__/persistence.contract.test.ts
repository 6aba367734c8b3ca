import { ClaimPhoneNumberCommand, ConnectClient, DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "..";
import { clientConfig } from "./fixture";

describe("emulator: --state persistence", () => {
  it("keeps numbers, history, settings and clock across a restart on the same state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-emu-state-"));
    const statePath = path.join(dir, "state.json");
    try {
      const first = await startEmulator({ statePath, claimDelayMs: 0, quota: 9 });
      const info = await first.control.info();
      const client = new ConnectClient(clientConfig(first.endpoint));
      const { PhoneNumberId } = await client.send(
        new ClaimPhoneNumberCommand({ TargetArn: info.instances[0], PhoneNumber: "+12065550142" }),
      );
      await first.control.clock({ advanceDays: 3 });
      const clockBefore = (await first.control.clock()).ms;
      client.destroy();
      await first.stop();
      expect(fs.readdirSync(dir)).toEqual(["state.json"]);

      const second = await startEmulator({ statePath });
      const again = new ConnectClient(clientConfig(second.endpoint));
      const d = await again.send(new DescribePhoneNumberCommand({ PhoneNumberId }));
      expect(d.ClaimedPhoneNumberSummary).toMatchObject({ PhoneNumber: "+12065550142", TargetArn: info.instances[0] });
      expect((await second.control.info()).settings.quota).toBe(9);
      expect((await second.control.info()).instances).toEqual(info.instances);
      expect(await second.control.events()).toHaveLength(1);
      expect((await second.control.clock()).ms).toBeGreaterThanOrEqual(clockBefore);
      again.destroy();
      await second.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
