import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { readInventory } from "../migrate/inventory";
import { renderProgram } from "../migrate/program";
import { migrationSteps, renderSteps } from "../migrate/steps";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures");
const ctx = { cli: "npx connect-numbers", policyPack: "node_modules/connect-numbers/policies" };

/** Runs a generated program with a stand-in for connect-numbers/provider: what each PhoneNumber is given. */
function declared(program: string): Array<{ name: string; args: Record<string, unknown> }> {
  const out = ts.transpileModule(program, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
  });
  expect(out.diagnostics ?? []).toEqual([]);
  const made: Array<{ name: string; args: Record<string, unknown> }> = [];
  class PhoneNumber {
    readonly phoneNumber: string;
    constructor(name: string, args: Record<string, unknown>) {
      made.push({ name, args });
      this.phoneNumber = `number of ${name}`;
    }
  }
  const requireStub = (id: string) => {
    if (id !== "connect-numbers/provider") throw new Error(`the program imports ${id}`);
    return { PhoneNumber };
  };
  const exports: Record<string, unknown> = {};
  new Function("require", "exports", out.outputText)(requireStub, exports);
  return made;
}

describe("migrate: a Terraform state", () => {
  const text = fs.readFileSync(path.join(FIXTURES, "terraform-state-connect.json"), "utf8");

  it("lists every aws_connect_phone_number and awscc number, in modules and with count / for_each keys, not data sources", () => {
    const inv = readInventory(text, "state.json");
    expect(inv.tool).toBe("terraform");
    expect(inv.numbers.map((n) => [n.address, n.name, n.phoneNumber, n.phoneNumberId])).toEqual([
      ["aws_connect_phone_number.support", "support", "+18005550100", "7b1c2d3e-0000-4000-8000-000000000001"],
      ["aws_connect_phone_number.local[0]", "local-0", "+12125550101", "7b1c2d3e-0000-4000-8000-000000000002"],
      ["aws_connect_phone_number.local[1]", "local-1", "+12125550102", "7b1c2d3e-0000-4000-8000-000000000003"],
      [
        'module.west.awscc_connect_phone_number.overflow["sales"]',
        "overflow-sales",
        "+15035550103",
        "7b1c2d3e-0000-4000-8000-000000000004",
      ],
    ]);
    expect(inv.numbers[0]).toMatchObject({ description: "Support line", tags: { team: "cx", env: "prod" } });
    expect(inv.numbers[3]).toMatchObject({
      tags: { team: "sales" },
      targetArn: "arn:aws:connect:us-west-2:123456789012:instance/cccccccc-3333-4333-8333-333333333333",
    });
  });

  it("emits a program that adopts each number by id, with its target, description and tags, and claims none", () => {
    const made = declared(renderProgram(readInventory(text, "state.json")));
    expect(made).toEqual([
      {
        name: "local-0",
        args: {
          phoneNumberId: "7b1c2d3e-0000-4000-8000-000000000002",
          targetArn: "arn:aws:connect:us-east-1:123456789012:instance/aaaaaaaa-1111-4111-8111-111111111111",
        },
      },
      {
        name: "local-1",
        args: {
          phoneNumberId: "7b1c2d3e-0000-4000-8000-000000000003",
          targetArn:
            "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/bbbbbbbb-2222-4222-8222-222222222222",
        },
      },
      {
        name: "overflow-sales",
        args: {
          phoneNumberId: "7b1c2d3e-0000-4000-8000-000000000004",
          targetArn: "arn:aws:connect:us-west-2:123456789012:instance/cccccccc-3333-4333-8333-333333333333",
          description: "Overflow (west)",
          tags: { team: "sales" },
        },
      },
      {
        name: "support",
        args: {
          phoneNumberId: "7b1c2d3e-0000-4000-8000-000000000001",
          targetArn: "arn:aws:connect:us-east-1:123456789012:instance/aaaaaaaa-1111-4111-8111-111111111111",
          description: "Support line",
          tags: { env: "prod", team: "cx" },
        },
      },
    ]);
    expect(made.some((m) => "countryCode" in m.args || "phoneNumber" in m.args)).toBe(false);
  });

  it("steps: a removed block per resource (no instance keys, module path kept) applied first, then the adoption", () => {
    const steps = migrationSteps(readInventory(text, "state.json"), ctx);
    expect(steps.map((s) => s.title)).toEqual([
      "Let Terraform forget the 4 numbers without destroying them, and apply that alone",
      "Adopt the 4 numbers with connect-numbers",
      "Verify",
    ]);
    expect(steps[0].snippet).toBe(
      [
        "aws_connect_phone_number.support",
        "aws_connect_phone_number.local",
        "module.west.awscc_connect_phone_number.overflow",
      ]
        .map((b) => `removed {\n  from = ${b}\n\n  lifecycle {\n    destroy = false\n  }\n}`)
        .join("\n\n"),
    );
    expect(steps[0].commands).toEqual([
      "terraform plan -out=tfplan",
      "terraform show -json tfplan | npx connect-numbers check --cloudtrail",
      "terraform apply tfplan",
    ]);
    expect(steps[1].commands).toEqual([
      "pulumi preview --policy-pack node_modules/connect-numbers/policies",
      "pulumi preview --json --show-replacement-steps | npx connect-numbers check --cloudtrail",
      "pulumi up",
    ]);
    expect(renderSteps(steps)).toContain(
      "terraform state rm aws_connect_phone_number.support aws_connect_phone_number.local module.west.awscc_connect_phone_number.overflow",
    );
  });

  it("reads the same numbers from a terraform.tfstate file", () => {
    const tfstate = {
      version: 4,
      terraform_version: "1.9.8",
      serial: 7,
      lineage: "x",
      outputs: {},
      resources: [
        {
          mode: "managed",
          type: "aws_connect_phone_number",
          name: "local",
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [
            {
              index_key: 0,
              schema_version: 0,
              attributes: {
                id: "id-0",
                arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-0",
                phone_number: "+12125550101",
                target_arn: "arn:aws:connect:us-east-1:123456789012:instance/i1",
              },
            },
            {
              index_key: 1,
              deposed: "abcd1234",
              schema_version: 0,
              attributes: { id: "id-old", phone_number: "+12125550109" },
            },
          ],
        },
        {
          module: "module.west",
          mode: "managed",
          type: "awscc_connect_phone_number",
          name: "overflow",
          instances: [
            {
              index_key: "sales",
              attributes: { id: "arn:aws:connect:us-west-2:123456789012:phone-number/id-4", address: "+15035550103" },
            },
          ],
        },
        { mode: "data", type: "aws_connect_phone_number", name: "lookup", instances: [{ attributes: { id: "id-9" } }] },
      ],
    };
    const inv = readInventory(JSON.stringify(tfstate), "terraform.tfstate");
    expect(inv.numbers.map((n) => [n.address, n.name, n.phoneNumberId])).toEqual([
      ["aws_connect_phone_number.local[0]", "local-0", "id-0"],
      ['module.west.awscc_connect_phone_number.overflow["sales"]', "overflow-sales", "id-4"],
    ]);
    expect(inv.notes).toEqual([expect.stringContaining("aws_connect_phone_number.local[1] (deposed abcd1234)")]);
  });

  it("refuses a plan, a preview and an unknown document, naming the command that makes the state", () => {
    expect(() =>
      readInventory(fs.readFileSync(path.join(FIXTURES, "terraform-plan.json"), "utf8"), "plan.json"),
    ).toThrow("plan.json is a Terraform plan, not its state: run `terraform show -json > state.json`");
    expect(() =>
      readInventory(fs.readFileSync(path.join(FIXTURES, "pulumi-preview-create.json"), "utf8"), "preview.json"),
    ).toThrow("run `pulumi stack export > stack.json`");
    expect(() => readInventory("[]", "x.json")).toThrow("x.json is not a JSON object");
    expect(() => readInventory('{"a":1}', "x.json")).toThrow(
      'x.json has none of "deployment", "values" or "resources" (top-level keys: a)',
    );
  });
});

describe("migrate: a Pulumi stack", () => {
  const urn = (type: string, name: string) => `urn:pulumi:dev::shop::${type}::${name}`;
  const awsType = "aws:connect/phoneNumber:PhoneNumber";
  const nativeType = "aws-native:connect:PhoneNumber";
  const instance = "arn:aws:connect:us-east-1:123456789012:instance/aaaaaaaa-1111-4111-8111-111111111111";
  const exported = {
    version: 3,
    deployment: {
      resources: [
        { urn: urn("pulumi:pulumi:Stack", "shop-dev"), custom: false, type: "pulumi:pulumi:Stack" },
        {
          urn: urn(awsType, "support"),
          custom: true,
          type: awsType,
          id: "id-1",
          outputs: {
            arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-1",
            phoneNumber: "+18005550100",
            targetArn: instance,
            countryCode: "US",
            type: "TOLL_FREE",
            description: "Support",
            tags: { team: "cx" },
            tagsAll: { team: "cx" },
          },
          retainOnDelete: true,
        },
        {
          urn: urn(`test:index:Group$${awsType}`, "default"),
          custom: true,
          type: awsType,
          id: "id-2",
          protect: true,
          outputs: {
            arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-2",
            phoneNumber: "+12125550101",
            targetArn: instance,
          },
        },
        {
          urn: urn(awsType, "default"),
          custom: true,
          type: awsType,
          id: "id-3",
          outputs: {
            arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-3",
            phoneNumber: "+12125550102",
            targetArn: instance,
          },
        },
        {
          urn: urn(awsType, "old"),
          custom: true,
          type: awsType,
          id: "id-4",
          delete: true,
          outputs: { arn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-4", phoneNumber: "+12125550103" },
        },
        {
          urn: urn(nativeType, "class"),
          custom: true,
          type: nativeType,
          id: "arn:aws:connect:us-east-1:123456789012:phone-number/id-5",
          outputs: {
            address: "+12125550104",
            phoneNumberArn: "arn:aws:connect:us-east-1:123456789012:phone-number/id-5",
            targetArn: instance,
            tags: [{ key: "k", value: "v" }],
          },
        },
      ],
    },
  };

  it("lists pulumi-aws and aws-native numbers with retainOnDelete and protect, passing over a pending delete", () => {
    const inv = readInventory(JSON.stringify(exported), "stack.json");
    expect(inv).toMatchObject({ tool: "pulumi", origin: "stack shop/dev", project: "shop", stack: "dev" });
    expect(inv.numbers.map((n) => [n.name, n.phoneNumberId, n.phoneNumber, n.retained, n.protect])).toEqual([
      ["support", "id-1", "+18005550100", true, false],
      ["default", "id-2", "+12125550101", false, true],
      ["default", "id-3", "+12125550102", false, false],
      ["class", "id-5", "+12125550104", false, false],
    ]);
    expect(inv.notes).toEqual([expect.stringContaining(`${urn(awsType, "old")} (id id-4) is a pending delete`)]);
  });

  it("names the new resources uniquely and as valid identifiers (a reserved word, a name taken twice)", () => {
    const program = renderProgram(readInventory(JSON.stringify(exported), "stack.json"));
    expect(declared(program).map((m) => [m.name, m.args.phoneNumberId])).toEqual([
      ["class", "id-5"],
      ["default", "id-2"],
      ["default-2", "id-3"],
      ["support", "id-1"],
    ]);
    expect(program).toContain("const n_default = new connect.PhoneNumber(");
    expect(program).toContain("const n_class = new connect.PhoneNumber(");
  });

  it("steps: retainOnDelete on the resources that lack it (protect lifted), applied alone, then the adoption with the pack and check", () => {
    const steps = migrationSteps(readInventory(JSON.stringify(exported), "stack.json"), {
      ...ctx,
      programFile: "migrated.ts",
    });
    expect(steps[0].title).toBe("Set retainOnDelete: true on the 3 old resources, and apply that alone");
    const text = renderSteps(steps);
    expect(text).not.toContain(`support  +18005550100 (id-1)`);
    expect(text).toContain(`default  +12125550101 (id-2)  ${urn(`test:index:Group$${awsType}`, "default")}`);
    expect(text).toContain(
      "These are protected: remove their `protect: true` in the same change, or the next step fails on them: default",
    );
    expect(steps[0].commands).toEqual([
      "pulumi preview --json --show-replacement-steps | npx connect-numbers check --cloudtrail",
      "pulumi up",
    ]);
    expect(steps[1].instructions[0]).toBe(
      "Only after the previous `pulumi up` succeeded: remove the old resources from the program.",
    );
    expect(steps[1].instructions[1]).toContain(
      'add migrated.ts and load it from the entry point: `export * from "./migrated";`',
    );
  });

  it("says when the old resources already carry retainOnDelete", () => {
    const retained = {
      version: 3,
      deployment: {
        resources: exported.deployment.resources.map((r) =>
          r.type === awsType || r.type === nativeType ? { ...r, retainOnDelete: true, protect: false } : r,
        ),
      },
    };
    expect(migrationSteps(readInventory(JSON.stringify(retained), "stack.json"), ctx)[0]).toMatchObject({
      title: "Let the old resources go without a release: already done",
      commands: [],
    });
  });
});
