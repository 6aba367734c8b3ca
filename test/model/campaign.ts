import fc from "fast-check";
import {
  Add,
  Adopt,
  ChangeRegion,
  ClaimFails,
  Crash,
  Fault,
  Faulty,
  ForcedReplace,
  Move,
  OutsideChurn,
  Refresh,
  Remove,
  Rename,
  Reparent,
  Step,
  TimePasses,
  UpReplace,
} from "./commands";
import { Model, specArb } from "./programs";
import { World, openWorld } from "./world";

/**
 * The provider's model-based campaign: random programs of PhoneNumber resources, changed the ways users change
 * them (add, remove, rename with and without alias, move under a parent, `up --replace`, a forced replacement,
 * move and move back, adopt by id, ARN or number, change region), under the failures users meet (a crash between
 * the claim and the state write, throttling, lost answers, lost answers whose retries are throttled or fail, a
 * FAILED claim, time passing), through the engine model against the emulator. After every command the referee (world.ts) checks that no declared number was released,
 * none leaked, none was claimed twice, and the account was never blocked.
 */

type Setup = () => Promise<{ model: Model; real: World }>;

export { campaignStats } from "./commands";

const index = fc.nat(20);
const plainFaultArb: fc.Arbitrary<Fault> = fc.record({
  operation: fc.constantFrom(
    "ClaimPhoneNumber",
    "ReleasePhoneNumber",
    "UpdatePhoneNumber",
    "TagResource",
    "DescribePhoneNumber",
    "GetResources",
    "*",
  ),
  kind: fc.constantFrom("throttle" as const, "drop-after-commit" as const, "internal" as const),
  count: fc.integer({ min: 1, max: 6 }),
});
// An answer lost after the commit, then the SDK's retries refused (throttled, or a 5xx): the call's last error says
// nothing of its first attempt. Up to 5 refusals: with the SDK's 6 attempts, every retry may fail.
const lostThenRefusedArb: fc.Arbitrary<Fault> = fc.record({
  operation: fc.constantFrom("ClaimPhoneNumber", "ReleasePhoneNumber", "UpdatePhoneNumber", "TagResource"),
  kind: fc.constant("drop-after-commit" as const),
  count: fc.integer({ min: 1, max: 2 }),
  then: fc.record({
    kind: fc.constantFrom("too-many-requests" as const, "throttle" as const, "internal" as const),
    count: fc.integer({ min: 1, max: 5 }),
  }),
});
const faultArb = fc.oneof({ weight: 2, arbitrary: plainFaultArb }, { weight: 1, arbitrary: lostThenRefusedArb });

const plainSteps: Array<fc.Arbitrary<Step>> = [
  specArb.map((s) => new Add(s)),
  index.map((i) => new Remove(i)),
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Rename(i, a)),
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Reparent(i, a)),
  index.map((i) => new UpReplace(i)),
  fc.tuple(index, fc.boolean()).map(([i, d]) => new ForcedReplace(i, d)),
  fc.tuple(index, fc.boolean()).map(([i, back]) => new Move(i, back)),
  fc.tuple(index, fc.boolean()).map(([i, search]) => new ChangeRegion(i, search)),
  fc
    .tuple(fc.constantFrom("id" as const, "arn" as const, "number" as const), fc.nat(1))
    .map(([how, r]) => new Adopt(how, r)),
  fc
    .tuple(
      specArb,
      fc.constantFrom("killed" as const, "answers lost" as const),
      fc.constantFrom("same" as const, "other target" as const, "other prefix" as const),
    )
    .map(([s, how, then]) => new Crash(s, how, then)),
  specArb.map((s) => new ClaimFails(s)),
  fc.constant(new Refresh()),
  fc.constant(new TimePasses()),
  fc
    .tuple(fc.nat(2), fc.integer({ min: 1, max: 80 }), fc.constantFrom(0, 0, 1))
    .map(([leave, d, r]) => new OutsideChurn(leave, d, r)),
];

export const commandsArb = fc.commands(
  [...plainSteps, fc.tuple(faultArb, fc.oneof(...plainSteps.slice(0, 9))).map(([f, inner]) => new Faulty(f, inner))],
  { maxCommands: 10 },
);

export async function runCommands(cmds: Iterable<fc.AsyncCommand<Model, World>>): Promise<void> {
  const world = await openWorld();
  try {
    const setup: Setup = async () => ({ model: { program: [], nextName: 0 }, real: world });
    await fc.asyncModelRun(setup, cmds);
  } finally {
    await world.close();
  }
}

/** The campaign as a property: `numRuns` random command sequences, each against a fresh emulator. */
export function campaign() {
  return fc.asyncProperty(commandsArb, runCommands);
}
