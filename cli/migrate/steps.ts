import { agreeing, plural } from "../../core";
import { Inventory, MigratingNumber } from "./inventory";

/** One step of a migration: what to change, and the commands that gate and apply it, in order. */
export interface MigrationStep {
  title: string;
  /** What to change and why, one instruction a line. */
  instructions: string[];
  /** HCL or TypeScript to paste, when the step has some. */
  snippet?: string;
  commands: string[];
  /** What the gate and the apply must show; anything else means stop. */
  expect: string;
}

export interface StepContext {
  /** Where the new program was written (--out), else undefined: it follows the steps. */
  programFile?: string;
  /** How to run the gate's commands: `npx connect-numbers` in a project that installed the package. */
  cli: string;
  /** The policy pack's path as the project sees it. */
  policyPack: string;
}

const numberOf = (n: MigratingNumber) => `${n.phoneNumber ?? "?"} (${n.phoneNumberId})`;

/**
 * The order that costs nothing: the old resources must leave their state without their provider's delete, which
 * calls ReleasePhoneNumber whoever holds the number by then. Only after that apply may connect-numbers adopt them.
 * The same plan doing both loses every number (core/pairing.ts, "adopt-release"): the gate blocks it.
 */
export function migrationSteps(inventory: Inventory, ctx: StepContext): MigrationStep[] {
  const n = inventory.numbers.length;
  const first = inventory.tool === "pulumi" ? pulumiLetGo(inventory, ctx) : terraformLetGo(inventory, ctx);
  return [first, adopt(inventory, ctx), verify(n, ctx)];
}

function pulumiLetGo(inventory: Inventory, ctx: StepContext): MigrationStep {
  const pending = inventory.numbers.filter((x) => !x.retained);
  const protectedOnes = inventory.numbers.filter((x) => x.protect);
  const gate = `pulumi preview --json --show-replacement-steps | ${ctx.cli} check --cloudtrail`;
  if (pending.length === 0 && protectedOnes.length === 0) {
    return {
      title: "Let the old resources go without a release: already done",
      instructions: [
        `All ${inventory.numbers.length} old resources have retainOnDelete: true in the stack's state: go on with the next step.`,
      ],
      commands: [],
      expect: "nothing to apply",
    };
  }
  return {
    title: `Set retainOnDelete: true on the ${plural(pending.length, "old resource")}, and apply that alone`,
    instructions: [
      "In the current program, add the resource option `retainOnDelete: true` to each of these resources (keep everything else as it is; do not remove them yet):",
      ...pending.map((x) => `  ${x.name}  ${numberOf(x)}  ${x.address}`),
      ...(protectedOnes.length > 0
        ? [
            `These are protected: remove their \`protect: true\` in the same change, or the next step fails on them: ${protectedOnes.map((x) => x.name).join(", ")}`,
          ]
        : []),
      "Their provider's delete calls ReleasePhoneNumber: with retainOnDelete the engine drops them from the stack instead, and the number stays held.",
    ],
    snippet: "new aws.connect.PhoneNumber(name, args, { retainOnDelete: true /* , …the options it had */ });",
    commands: [gate, "pulumi up"],
    expect:
      "check: no claim, no release (the preview shows no change to the numbers; the option is written into the state by `up`)",
  };
}

function terraformLetGo(inventory: Inventory, ctx: StepContext): MigrationStep {
  const bases = [...new Set(inventory.numbers.map((x) => x.address.replace(/\[[^\]]*\]/g, "")))];
  return {
    title: `Let Terraform forget the ${plural(inventory.numbers.length, "number")} without destroying ${agreeing(inventory.numbers.length, "it", "them")}, and apply that alone`,
    instructions: [
      "Replace each of these resource blocks with a removed block (Terraform 1.7 or later), below; delete the resource blocks themselves:",
      ...bases.map((b) => `  ${b}`),
      `Before Terraform 1.7: \`terraform state rm ${bases.join(" ")}\` instead (then there is no plan to check).`,
      "Terraform's destroy would call ReleasePhoneNumber: `destroy = false` drops them from the state instead, and the numbers stay held.",
    ],
    snippet: bases.map((b) => `removed {\n  from = ${b}\n\n  lifecycle {\n    destroy = false\n  }\n}`).join("\n\n"),
    commands: [
      "terraform plan -out=tfplan",
      `terraform show -json tfplan | ${ctx.cli} check --cloudtrail`,
      "terraform apply tfplan",
    ],
    expect: `the plan says each number "will no longer be managed by Terraform" and destroys nothing; check: no claim, no release`,
  };
}

function adopt(inventory: Inventory, ctx: StepContext): MigrationStep {
  const file = ctx.programFile ?? "migrated-numbers.ts";
  const where =
    inventory.tool === "pulumi"
      ? "In the same program"
      : "In a Pulumi TypeScript project (`npm install connect-numbers`)";
  return {
    title: `Adopt the ${plural(inventory.numbers.length, "number")} with connect-numbers`,
    instructions: [
      ...(inventory.tool === "pulumi"
        ? ["Only after the previous `pulumi up` succeeded: remove the old resources from the program."]
        : []),
      `${where}, add ${ctx.programFile ? file : `${file} (the program below)`} and load it from the entry point: \`export * from "./${file.replace(/^.*\//, "").replace(/\.ts$/, "")}";\` in index.ts (its numbers become the stack output migratedNumbers).`,
      "Each PhoneNumber names its number by id: its create adopts it (tags it as this stack's, keeps its target, description and tags) and claims nothing.",
    ],
    commands: [
      `pulumi preview --policy-pack ${ctx.policyPack}`,
      `pulumi preview --json --show-replacement-steps | ${ctx.cli} check --cloudtrail`,
      "pulumi up",
    ],
    expect: `${plural(inventory.numbers.length, "adoption")} and${inventory.tool === "pulumi" ? ` ${plural(inventory.numbers.length, "removal")} that release nothing` : " nothing else"}: no claim, no release. If the pack or check blocks the plan, a step was skipped: do what the message says`,
  };
}

function verify(n: number, ctx: StepContext): MigrationStep {
  return {
    title: "Verify",
    instructions: [
      `\`${ctx.cli} migrate\` in the project again finds no number left to migrate, and \`pulumi stack output migratedNumbers\` lists the ${plural(n, "number")}, each held by a connect-numbers PhoneNumber.`,
    ],
    commands: [`${ctx.cli} migrate`],
    expect: "0 numbers to migrate",
  };
}

/** The steps as a reader follows them. */
export function renderSteps(steps: readonly MigrationStep[]): string {
  const lines: string[] = [];
  steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.title}`);
    for (const line of s.instructions) lines.push(`   ${line}`);
    if (s.snippet !== undefined) lines.push("", ...s.snippet.split("\n").map((l) => (l === "" ? "" : `     ${l}`)), "");
    for (const c of s.commands) lines.push(`   $ ${c}`);
    lines.push(`   Expect: ${s.expect}`, "");
  });
  return lines.join("\n");
}
