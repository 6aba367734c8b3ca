import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { EmulatorOptions, RunningEmulator, startEmulator } from "..";

export interface Fixture {
  emu: RunningEmulator;
  connect: ConnectClient;
  cloudtrail: CloudTrailClient;
  quotas: ServiceQuotasClient;
  instanceArn: string;
  instanceId: string;
  tdgArn: string;
  stop(): Promise<void>;
}

export function clientConfig(endpoint: string, region = "us-east-1", accessKeyId = "AKIDEXAMPLE") {
  return { endpoint, region, credentials: { accessKeyId, secretAccessKey: "secret" }, maxAttempts: 3 };
}

export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await startEmulator({ claimDelayMs: 0, ...options });
  const info = await emu.control.info();
  const connect = new ConnectClient(clientConfig(emu.endpoint));
  const cloudtrail = new CloudTrailClient(clientConfig(emu.endpoint));
  const quotas = new ServiceQuotasClient(clientConfig(emu.endpoint));
  return {
    emu,
    connect,
    cloudtrail,
    quotas,
    instanceArn: info.instances[0],
    instanceId: info.instances[0].split("/").pop()!,
    tdgArn: info.trafficDistributionGroups[0],
    async stop() {
      connect.destroy();
      cloudtrail.destroy();
      quotas.destroy();
      await emu.stop();
    },
  };
}
