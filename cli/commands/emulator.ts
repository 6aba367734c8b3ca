import { Command, InvalidArgumentError } from "commander";
import { startEmulator } from "../../emulator";

export function wholeNumber(min: number) {
  return (value: string): number => {
    // Digits only: Number() reads "" and " " as 0 (an unset CI variable would become a quota of 0) and takes hex
    // and exponents a reader of the command line would not expect.
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}, got "${value}"`);
    return n;
  };
}

export function emulatorCommand(): Command {
  return new Command("emulator")
    .description("run the local Amazon Connect emulator (plus CloudTrail LookupEvents and Service Quotas) until SIGINT/SIGTERM")
    .option("--port <port>", "port to listen on (0 picks a free one)", wholeNumber(0), 0)
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--region <region>", "default region (requests signed for another region get their own state)", "us-east-1")
    .option("--account <id>", "default account id", "123456789012")
    .option("--state <file>", "keep the whole state in this file across restarts (written atomically)")
    .option("--quota <n>", "phone-number quota (Service Quotas L-8F812903)", wholeNumber(0))
    .option("--window-days <days>", "rolling churn window", wholeNumber(1))
    .option("--cooldown-days <days>", "how long a released number stays unavailable", wholeNumber(0))
    .option("--claim-delay-ms <ms>", "how long a claim stays IN_PROGRESS", wholeNumber(0))
    .option("--seed <n>", "seed of the available-number pool and of the ids", wholeNumber(0))
    .action(async (opts: Record<string, string | number | undefined>) => {
      if (!/^\d{12}$/.test(String(opts.account))) throw new InvalidArgumentError(`--account must be 12 digits, got "${String(opts.account)}"`);
      const defined = <T>(v: T | undefined) => (v === undefined ? {} : v);
      const emu = await startEmulator({
        port: opts.port as number,
        host: opts.host as string,
        region: opts.region as string,
        accountId: opts.account as string,
        statePath: opts.state as string | undefined,
        ...defined(opts.quota !== undefined ? { quota: opts.quota as number } : undefined),
        ...defined(opts.windowDays !== undefined ? { windowDays: opts.windowDays as number } : undefined),
        ...defined(opts.cooldownDays !== undefined ? { cooldownDays: opts.cooldownDays as number } : undefined),
        ...defined(opts.claimDelayMs !== undefined ? { claimDelayMs: opts.claimDelayMs as number } : undefined),
        ...defined(opts.seed !== undefined ? { seed: opts.seed as number } : undefined),
      });
      const info = await emu.control.info();
      console.log(`endpoint: ${emu.endpoint}`);
      console.log(`region: ${info.region}`);
      console.log(`account: ${info.accountId}`);
      for (const arn of info.instances) console.log(`instance: ${arn}`);
      for (const arn of info.trafficDistributionGroups) console.log(`traffic-distribution-group: ${arn}`);
      console.log(`quota: ${info.settings.quota}, window: ${info.settings.windowDays} days, cooldown: ${info.settings.cooldownDays} days`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          emu.stop().then(resolve, resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
