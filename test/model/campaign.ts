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
import { Model, SET_PREFIXES, setSpecArb, specArb } from "./programs";
import {
  DeclareSet,
  DestroySet,
  FitSet,
  GrowSet,
  HandIn,
  HandOut,
  MoveSet,
  RenameSet,
  SetCreateInterrupted,
  ShrinkSetByName,
  ShrinkSetUnnamed,
} from "./set-commands";
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

const add = specArb.map((s) => new Add(s));
const remove = index.map((i) => new Remove(i));
const adopt = fc
  .tuple(fc.constantFrom("id" as const, "arn" as const, "number" as const), fc.nat(1))
  .map(([how, r]) => new Adopt(how, r));
const refresh = fc.constant(new Refresh());
const timePasses = fc.constant(new TimePasses());
const outsideChurn = fc
  .tuple(fc.nat(2), fc.integer({ min: 1, max: 80 }), fc.constantFrom(0, 0, 1))
  .map(([leave, d, r]) => new OutsideChurn(leave, d, r));

const plainSteps: Array<fc.Arbitrary<Step>> = [
  add,
  remove,
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Rename(i, a)),
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Reparent(i, a)),
  index.map((i) => new UpReplace(i)),
  fc.tuple(index, fc.boolean()).map(([i, d]) => new ForcedReplace(i, d)),
  fc.tuple(index, fc.boolean()).map(([i, back]) => new Move(i, back)),
  fc.tuple(index, fc.boolean()).map(([i, search]) => new ChangeRegion(i, search)),
  adopt,
  fc
    .tuple(
      specArb,
      fc.constantFrom("killed" as const, "answers lost" as const),
      fc.constantFrom("same" as const, "other target" as const, "other prefix" as const),
    )
    .map(([s, how, then]) => new Crash(s, how, then)),
  specArb.map((s) => new ClaimFails(s)),
  refresh,
  timePasses,
  outsideChurn,
];

export const commandsArb = fc.commands(
  [...plainSteps, fc.tuple(faultArb, fc.oneof(...plainSteps.slice(0, 9))).map(([f, inner]) => new Faulty(f, inner))],
  { maxCommands: 10 },
);

const setSteps: Array<fc.Arbitrary<Step>> = [
  setSpecArb.map((s) => new DeclareSet(s)),
  fc
    .tuple(index, fc.nat(SET_PREFIXES.length + 1), fc.integer({ min: 1, max: 2 }))
    .map(([i, what, by]) => new GrowSet(i, what, by)),
  fc.tuple(index, fc.integer({ min: 1, max: 2 })).map(([i, n]) => new ShrinkSetByName(i, n)),
  fc.tuple(index, index).map(([i, which]) => new ShrinkSetUnnamed(i, which)),
  index.map((i) => new MoveSet(i)),
  index.map((i) => new RenameSet(i)),
  fc.tuple(index, index).map(([i, which]) => new HandOut(i, which)),
  fc.tuple(index, index).map(([i, j]) => new HandIn(i, j)),
  index.map((i) => new DestroySet(i)),
];
const setOnlySteps: Array<fc.Arbitrary<Step>> = [
  ...setSteps,
  fc
    .tuple(
      setSpecArb,
      fc.constantFrom("killed" as const, "answers lost" as const, "claim failed" as const),
      fc.constantFrom("same" as const, "smaller" as const),
    )
    .map(([s, how, then]) => new SetCreateInterrupted(s, how, then)),
  index.map((i) => new FitSet(i)),
];

/**
 * The set campaign: PhoneNumberSets declared, grown, shrunk (by name, and refused without names), moved, renamed,
 * handed to and from single resources, destroyed and interrupted, next to single resources added and removed, with
 * the same faults as the single campaign on the sets' operations.
 */
export const setCommandsArb = fc.commands(
  [
    ...setOnlySteps,
    add,
    remove,
    adopt,
    refresh,
    timePasses,
    outsideChurn,
    fc.tuple(faultArb, fc.oneof(...setSteps)).map(([f, inner]) => new Faulty(f, inner)),
  ],
  { maxCommands: 10 },
);

export async function runCommands(cmds: Iterable<fc.AsyncCommand<Model, World>>): Promise<void> {
  const world = await openWorld();
  try {
    const setup: Setup = async () => ({ model: { program: [], sets: [], nextName: 0 }, real: world });
    await fc.asyncModelRun(setup, cmds);
  } finally {
    await world.close();
  }
}

/** The campaign as a property: `numRuns` random command sequences, each against a fresh emulator. */
export function campaign() {
  return fc.asyncProperty(commandsArb, runCommands);
}

export function setCampaign() {
  return fc.asyncProperty(setCommandsArb, runCommands);
}
