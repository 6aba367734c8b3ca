import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { plural } from "../../core";
import { findPulumi } from "../../scripts/pulumi-bin";
import { stackName } from "../stack-config";
import { inputError, usageError } from "../errors";
import { Inventory, readInventory } from "../migrate/inventory";
import { DeclarationEmitter, renderProgram, singles } from "../migrate/program";
import { migrationSteps, renderSteps } from "../migrate/steps";
import { writeOut } from "../output";

/** The ways to declare the adopted numbers (cli/migrate/program.ts): one resource per number is the only one yet. */
const EMITTERS: Record<string, DeclarationEmitter> = { singles };

interface MigrateOptions {
  stack?: string;
  cwd?: string;
  out?: string;
  format: "text" | "json";
  cli: string;
  policyPack: string;
}

export function migrateCommand(): Command {
  return new Command("migrate")
    .description(
      "print the connect-numbers program that adopts, at zero churn, the Connect numbers of pulumi-aws / aws-native " +
        "PhoneNumbers (a Pulumi stack) or aws_connect_phone_number / awscc (a Terraform state), and the steps to get there in order",
    )
    .argument(
      "[state]",
      "`pulumi stack export`, `terraform show -json` (no plan file) or a terraform.tfstate; '-' reads stdin; none: the Pulumi stack of the current project",
    )
    .option(
      "--stack <name>",
      "the Pulumi stack to read when no state file is given (default: the selected one)",
      stackName,
    )
    .option("--cwd <dir>", "the Pulumi project to read when no state file is given (default: the current directory)")
    .option("--out <file>", "write the program there (the steps name it) instead of printing it after the steps")
    .addOption(
      new Option("--format <format>", "text, or json ({ numbers, program, steps })")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("--cli <command>", "how the steps run this CLI", "npx connect-numbers")
    .option(
      "--policy-pack <path>",
      "the policy pack's path as the project sees it",
      "node_modules/connect-numbers/policies",
    )
    .action(async (state: string | undefined, o: MigrateOptions) => {
      const inventory = readState(state, o);
      const program = renderProgram(inventory, EMITTERS.singles);
      const steps = migrationSteps(inventory, { programFile: o.out, cli: o.cli, policyPack: o.policyPack });
      if (o.out !== undefined) fs.writeFileSync(o.out, program);
      if (o.format === "json") {
        await writeOut(
          JSON.stringify(
            {
              tool: inventory.tool,
              origin: inventory.origin,
              numbers: inventory.numbers,
              notes: inventory.notes,
              program,
              steps,
            },
            null,
            2,
          ),
        );
        return;
      }
      if (inventory.numbers.length === 0) {
        await writeOut(
          [
            `No pulumi-aws, aws-native, aws_connect_phone_number or awscc Connect number in ${inventory.origin}: nothing to migrate.`,
            ...inventory.notes,
          ].join("\n"),
        );
        return;
      }
      const head = `${plural(inventory.numbers.length, "Connect number")} in ${inventory.origin} to adopt with connect-numbers at zero churn. Do these steps in this order:\n`;
      const tail = o.out !== undefined ? `The program is in ${o.out}.` : `--- ${"migrated-numbers.ts"} ---\n${program}`;
      await writeOut([head, renderSteps(steps), ...inventory.notes.map((n) => `Note: ${n}`), tail].join("\n"));
    });
}

function readState(file: string | undefined, o: MigrateOptions): Inventory {
  if (file === "-") return readInventory(fs.readFileSync(0, "utf8"), "standard input");
  if (file !== undefined) {
    if (!fs.existsSync(file))
      throw usageError(
        `${file} does not exist: give \`pulumi stack export > stack.json\`, \`terraform show -json > state.json\` or a terraform.tfstate`,
      );
    return readInventory(fs.readFileSync(file, "utf8"), file);
  }
  const cwd = path.resolve(o.cwd ?? ".");
  if (!["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(cwd, f)))) {
    throw usageError(
      `${cwd} is not a Pulumi project (no Pulumi.yaml): run this in the project, or give the state (\`pulumi stack export > stack.json\`, \`terraform show -json > state.json\`)`,
    );
  }
  const pulumi = findPulumi();
  const args = ["stack", "export", "--non-interactive", ...(o.stack !== undefined ? ["--stack", o.stack] : [])];
  const run = spawnSync(pulumi.binary, args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (run.error) throw inputError(`could not run ${pulumi.binary}: ${run.error.message}`);
  if (run.status !== 0)
    throw inputError(
      `\`pulumi ${args.join(" ")}\` in ${cwd} failed: ${run.stderr.trim().split("\n").slice(-2).join(" ")}`,
    );
  return readInventory(run.stdout, `pulumi stack export${o.stack !== undefined ? ` --stack ${o.stack}` : ""}`);
}
