import { ConnectClient, DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import { Agent, request } from "node:http";
import { startEmulator } from "../emulator";
import { Benchmark } from "./figures";

const DURATION_MS = 3_000;
const CONCURRENCY = 16;

/** DescribePhoneNumber over loopback: through the real SDK, and as raw HTTP (the emulator's own ceiling). */
export const emulatorDescribe: Benchmark = {
  name: "emulator describe",
  async run() {
    const emu = await startEmulator({ claimDelayMs: 0, quota: 10 });
    const [{ phoneNumberId }] = (await emu.control.seed({ count: 1 })).numbers;
    const client = new ConnectClient({
      endpoint: emu.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const viaSdk = await throughput(() =>
      client.send(new DescribePhoneNumberCommand({ PhoneNumberId: phoneNumberId })).then(() => undefined),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const url = new URL(`${emu.endpoint}/phone-number/${phoneNumberId}`);
    const raw = await throughput(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request(url, { agent, method: "GET" }, (res) => {
            res.resume();
            res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
          });
          req.on("error", reject);
          req.end();
        }),
    );
    agent.destroy();
    client.destroy();
    await emu.stop();
    return [
      {
        name: `DescribePhoneNumber via @aws-sdk/client-connect (${CONCURRENCY} in flight)`,
        value: viaSdk,
        unit: "req/s",
      },
      { name: `DescribePhoneNumber as raw HTTP keep-alive (${CONCURRENCY} in flight)`, value: raw, unit: "req/s" },
    ];
  },
};

async function throughput(call: () => Promise<void>): Promise<number> {
  const deadline = Date.now() + DURATION_MS;
  let done = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      await call();
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / ((Date.now() - started) / 1000);
}
