/* eslint-disable @typescript-eslint/no-require-imports -- each entry is required inside a fresh module registry */
/**
 * Every process kind (the policy pack, each dynamic provider's runtime, the program, the CLI) imports modules that
 * name the AWS SDK's service packages and libphonenumber; they load when a client is made or a number parsed
 * (aws/sdk.ts, core/lazy-module.ts), not at import. A value import of one of them anywhere in an entry's graph
 * would load it again at start-up, and this says which entry and which package.
 */
const HEAVY = [
  "@aws-sdk/client-cloudtrail",
  "@aws-sdk/client-connect",
  "@aws-sdk/client-dynamodb",
  "@aws-sdk/client-pinpoint-sms-voice-v2",
  "@aws-sdk/client-resource-groups-tagging-api",
  "@aws-sdk/client-service-quotas",
  "@aws-sdk/client-sts",
  "libphonenumber-js/max",
];

/** Requires `load` in a fresh module registry and returns the heavy packages that loaded meanwhile. */
function heavyLoadedBy(load: () => void): string[] {
  const loaded: string[] = [];
  jest.isolateModules(() => {
    for (const name of HEAVY) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    load();
  });
  return loaded;
}

describe("start-up loads no AWS SDK package nor libphonenumber until used", () => {
  afterEach(() => {
    for (const name of HEAVY) jest.dontMock(name);
  });

  it.each([
    ["the policy pack's rules", "../../policies/policies"],
    ["the PhoneNumber provider's runtime", "../../provider/runtime"],
    ["the OriginationNumber provider's runtime", "../../provider/sms/runtime"],
    ["the PhoneNumberSet provider's runtime", "../../provider/set/runtime"],
    ["the program's resource classes", "../../provider"],
    ["the program's SMS resource class", "../../provider/sms"],
    ["the CLI", "../../cli/main"],
  ])("%s (%s)", (_kind, entry) => {
    expect(heavyLoadedBy(() => require(entry))).toEqual([]);
  });

  it("a client loads its own service's package only; a session makes each client when first used", () => {
    expect(
      heavyLoadedBy(() => {
        const { connectClient } = require("../clients");
        connectClient({ region: "us-east-1" }).destroy();
      }),
    ).toEqual(["@aws-sdk/client-connect"]);
    expect(
      heavyLoadedBy(() => {
        const { createSession } = require("../session");
        const session = createSession({ region: "us-east-1" });
        void session.quotas;
        session.destroy();
      }),
    ).toEqual(["@aws-sdk/client-service-quotas"]);
  });

  it("a number is parsed with libphonenumber, loaded then", () => {
    let verdict: unknown;
    const loaded = heavyLoadedBy(() => {
      const { validatePhoneNumber } = require("../../core/validation/phone");
      verdict = validatePhoneNumber("phoneNumber", "+12065550100");
    });
    expect(loaded).toEqual(["libphonenumber-js/max"]);
    expect(verdict).toMatchObject({ e164: "+12065550100", country: "US" });
  });
});
