import { AccountReads, instanceQuota } from "../../account";
import { TargetHolding } from "../../aws/held-on-target";
import { readPhoneNumberQuota } from "../../aws/quota";
import { AwsSession } from "../../aws/session";
import {
  RoomShortfall,
  TargetCapacity,
  agreeing,
  capacityFix,
  instanceArnOf,
  pastRoomWords,
  plural,
  quotaWords,
  roomOn,
  targetKey,
} from "../../core";
import { LedgerScope } from "../../ledger/types";
import { PhoneNumberInputs } from "../shape";
import { ProviderConfig } from "./config";

/** One place on a target, taken for one ClaimPhoneNumber call: kept when AWS claimed, given back when it did nothing. */
export interface CapacitySlot {
  claimed(): void;
  free(): void;
}

interface TargetState {
  key: string;
  /** What the target held when read, judged further (FAILED claims found) only when the room is short. */
  holding: TargetHolding;
  /** The count `holding` gave when `capacity.held` last took it: a later settle moves `held` by its difference. */
  heldRead: number;
  /** The last take of a place (inTurn): the next waits for it. */
  turn: Promise<void>;
  /** Quota and held count as read once in this deployment; `held` then follows this deployment's own claims and releases. */
  capacity: TargetCapacity;
  /** Claims on their way (ClaimPhoneNumber sent, answer not yet in). */
  pending: number;
  /** AWS's message after the first claim into this target that failed for its limit. */
  limitReached?: string;
  /** Every claim of this deployment into this target that AWS failed for its limit, in the order they failed. */
  failedForLimit: string[];
}

/** A claim AWS reported FAILED: who claimed, and the number it asked for. */
export interface FailedClaim {
  label: string;
  phoneNumber: string | undefined;
}

/** AWS's FAILED status message when a target has no room: "The target has reached its limit of total claimed numbers". */
const LIMIT_REACHED = /reached its limit/i;

/**
 * The apply-time capacity check of one account and region for one deployment: before each claim into an instance,
 * its quota (connect-numbers:quota, else Service Quotas L-8F812903 for that instance) less the numbers it holds
 * (read once per deployment and target) less this deployment's claims into it, in flight or done, plus its releases
 * there (core/capacity.ts's rule). A claim it cannot take is refused before AWS sees it: AWS would let it turn
 * FAILED, and that claim would still count as churn. After the first claim AWS fails for the target's limit (a
 * count gone stale), no further claim goes into that target in this deployment.
 *
 * Places are reserved in this process, one deployment at a time. Two deployments (or another tool) claiming into
 * one instance at once each read it before the other's claims land; that race remains, and AWS's FAILED then stops
 * the second one's claims into it after its first.
 */
export class TargetCapacities {
  private readonly targets = new Map<string, Promise<TargetState>>();
  private readonly read = new Map<string, TargetState>();
  /**
   * Service Quotas as the account reader asks it (RegionReader.quota), read again by the next claim when a read
   * failed (stateOf forgets the target): the reader would keep the failure for the deployment.
   */
  private readonly quotas: Pick<AccountReads, "quota">;

  constructor(
    private readonly scope: LedgerScope,
    private readonly config: ProviderConfig,
    private readonly session: AwsSession,
  ) {
    this.quotas = { quota: (instanceArn) => readPhoneNumberQuota(session.quotas, instanceArn) };
  }

  /**
   * Takes a place on the claim's instance, or throws the refusal. A traffic distribution group is not compared. A
   * move (`moving`: the number moved onto it) takes its place as a claim does; AWS fails it too, without churn.
   */
  async reserve(
    label: string,
    inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">,
    moving?: string,
  ): Promise<CapacitySlot> {
    const arn = this.instanceArn(inputs);
    if (arn === undefined) return { claimed: () => undefined, free: () => undefined };
    const state = await this.stateOf(arn, label);
    return this.inTurn(state, async () => {
      refuseAfterLimit(state, label);
      if (!this.config.allowQuotaOverrun) await this.settle(state, 1, label);
      if (!this.config.allowQuotaOverrun && roomOn(state.capacity, state.pending) === 0) {
        const what = moving === undefined ? "claim into" : `move ${moving} to`;
        const outcome =
          moving === undefined
            ? "AWS would let this claim end FAILED and still count it as churn"
            : "AWS would let this move end FAILED, the number left on its old target";
        // plan-waves schedules claims, not moves: a refused move is run again by hand.
        const then =
          moving === undefined ? "`connect-numbers plan-waves` schedules only what fits" : "then run `pulumi up` again";
        throw new Error(
          `${label}: refusing to ${what} ${state.key}: it holds ${state.capacity.held}${state.pending > 0 ? ` (and ${plural(state.pending, "claim")} of this deployment ${agreeing(state.pending, "is", "are")} on its way)` : ""} ` +
            (state.capacity.setBy === undefined
              ? `of its quota of ${state.capacity.quota} ("Phone numbers per instance", L-8F812903, counting this deployment's own claims and releases), so ${outcome}. `
              : `of its quota of ${quotaWords(state.capacity)}, counting this deployment's own claims and releases, ` +
                `so this ${moving === undefined ? "claim" : "move"} ${pastRoomWords(state.capacity, 1)}. `) +
            `To go ahead: ${capacityFix(state.key, state.capacity.setBy, moving === undefined ? "claim" : "move")}; ${then}.`,
        );
      }
      state.pending++;
      return placeOn(state, () => state.pending--);
    });
  }

  /**
   * Takes places for `count` claims of one set on its instance in one step, before the first of them: the room it
   * finds (its quota less what it holds and this deployment's claims on their way) is `room`, and `places` holds
   * min(count, room) of them (all, with allowQuotaOverrun). The set's claims take their places from `places`; what
   * none used goes back with `places.release()`. A traffic distribution group is not compared: `room` is undefined.
   */
  async reserveMany(
    label: string,
    inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">,
    count: number,
  ): Promise<{ room?: RoomShortfall; places: ReservedPlaces }> {
    const arn = this.instanceArn(inputs);
    if (arn === undefined) return { places: new ReservedPlaces(this, undefined, 0) };
    const state = await this.stateOf(arn, label);
    return this.inTurn(state, async () => {
      refuseAfterLimit(state, label);
      if (!this.config.allowQuotaOverrun) await this.settle(state, count, label);
      const room = this.config.allowQuotaOverrun ? count : roomOn(state.capacity, state.pending);
      const taken = Math.min(count, room);
      const pending = state.pending;
      state.pending += taken;
      return {
        room: { ...state.capacity, target: state.key, room, ...(pending > 0 ? { pending } : {}) },
        places: new ReservedPlaces(this, state, taken),
      };
    });
  }

  /**
   * Runs one claim's (or one growth's) look at the room and its take, alone among this target's: a settle's describes
   * are awaited between the two, and another claim counting the room meanwhile would count places this one takes.
   */
  private inTurn<T>(state: TargetState, take: () => Promise<T>): Promise<T> {
    const run = state.turn.then(take);
    state.turn = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * A claim into this target ended FAILED: AWS does not hold the number, and if it failed for the target's limit,
   * the count was stale (another deployment, or a quota that is not the one AWS applies): stop claiming into it.
   */
  claimFailed(
    inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">,
    message: string | undefined,
    claim: FailedClaim,
  ): string | undefined {
    const state = this.known(inputs);
    if (!state) return undefined;
    state.capacity.held = Math.max(0, state.capacity.held - 1);
    if (message === undefined || !LIMIT_REACHED.test(message)) return undefined;
    state.limitReached ??= message;
    state.failedForLimit.push(`${claim.label}${claim.phoneNumber ? ` (${claim.phoneNumber})` : ""}`);
    return failedSoFar(state);
  }

  /**
   * This deployment released a number from this target. Counted only when the target was read before: a read still
   * under way may or may not see the number, and counting it as held is the safe side.
   */
  released(targetArn: string | undefined): void {
    const state = this.known({ targetArn });
    if (state) state.capacity.held = Math.max(0, state.capacity.held - 1);
  }

  private known(inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">): TargetState | undefined {
    const arn = this.instanceArn(inputs);
    return arn === undefined ? undefined : this.read.get(targetKey(arn)!);
  }

  private stateOf(arn: string, label: string): Promise<TargetState> {
    const key = targetKey(arn)!;
    let state = this.targets.get(key);
    if (!state) {
      state = this.readTarget(key, arn).catch((err: unknown) => {
        this.targets.delete(key);
        throw new Error(
          `${label}: the capacity of ${key} in account ${this.scope.accountId} could not be read before this claim (${(err as Error).message}). ` +
            "Grant connect:ListPhoneNumbersV2 and servicequotas:GetServiceQuota (or set connect-numbers:quota), then run `pulumi up` again.",
        );
      });
      this.targets.set(key, state);
    }
    return state;
  }

  /**
   * What the target holds, by the reader every face counts with (TargetHolding), and its quota as every face reads
   * it (account/window.ts instanceQuota: its own L-8F812903, connect-numbers:quota never above it).
   */
  private async readTarget(key: string, arn: string): Promise<TargetState> {
    const [quota, holding] = await Promise.all([
      instanceQuota(
        this.quotas,
        arn,
        this.config.quota === undefined ? undefined : { value: this.config.quota, name: "connect-numbers:quota" },
      ),
      TargetHolding.read(this.session.connect, arn),
    ]);
    const state: TargetState = {
      turn: Promise.resolve(),
      key,
      holding,
      heldRead: holding.held,
      capacity: { ...quota, held: holding.held },
      pending: 0,
      failedForLimit: [],
    };
    this.read.set(key, state);
    return state;
  }

  /**
   * When the listed count leaves less room than `need` claims (this deployment's on their way included), describes
   * the target's numbers until the FAILED claims among them make the room, or every one is judged (TargetHolding).
   */
  private async settle(state: TargetState, need: number, label: string): Promise<void> {
    if (roomOn(state.capacity, state.pending) >= need) return;
    try {
      await state.holding.settleRoom(
        state.capacity.quota - (state.capacity.held - state.heldRead),
        state.pending + need,
      );
    } catch (err) {
      throw new Error(
        `${label}: the numbers on ${state.key} could not be described to tell FAILED claims (which hold no place) from held numbers (${(err as Error).message}). ` +
          "Grant connect:DescribePhoneNumber, then run `pulumi up` again.",
        { cause: err },
      );
    }
    state.capacity.held -= state.heldRead - state.holding.held;
    state.heldRead = state.holding.held;
  }

  /** The instance ARN a claim goes into (an instanceId is in this account and region); undefined for a traffic distribution group. */
  private instanceArn(inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">): string | undefined {
    if (inputs.targetArn !== undefined)
      return targetKey(inputs.targetArn)?.startsWith("instance/") ? inputs.targetArn : undefined;
    if (inputs.instanceId === undefined) return undefined;
    return instanceArnOf(this.scope, inputs.instanceId);
  }
}

/**
 * Places a set took ahead on one instance (TargetCapacities.reserveMany): each of its claims takes one, and gives it
 * back to the set when AWS did nothing; past them (a retried claim), a claim asks the instance as any claim does.
 */
export class ReservedPlaces {
  constructor(
    private readonly target: TargetCapacities,
    private readonly state: TargetState | undefined,
    private left: number,
  ) {}

  async reserve(label: string, inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">): Promise<CapacitySlot> {
    if (this.state === undefined || this.left === 0) return this.target.reserve(label, inputs);
    refuseAfterLimit(this.state, label);
    this.left--;
    return placeOn(this.state, () => this.left++);
  }

  claimFailed(
    inputs: Pick<PhoneNumberInputs, "targetArn" | "instanceId">,
    message: string | undefined,
    claim: FailedClaim,
  ): string | undefined {
    return this.target.claimFailed(inputs, message, claim);
  }

  /** Gives the places no claim used back to the instance. */
  release(): void {
    if (this.state) this.state.pending -= this.left;
    this.left = 0;
  }
}

/** What a claim does with its place: kept as a held number when AWS claimed, else `unused` (given back). */
function placeOn(state: TargetState, unused: () => void): CapacitySlot {
  let settled = false;
  const settle = (claimed: boolean) => {
    if (settled) return;
    settled = true;
    if (!claimed) return unused();
    state.pending--;
    state.capacity.held++;
  };
  return { claimed: () => settle(true), free: () => settle(false) };
}

/**
 * Every claim of this deployment into the target that AWS failed for its limit, named: claims sent at once (another
 * deployment claimed into the same instance meanwhile) can each end FAILED before the first answer is in.
 */
function failedSoFar(state: TargetState): string {
  const n = state.failedForLimit.length;
  return `${plural(n, "claim")} of this deployment into ${state.key} ended FAILED ("${state.limitReached}"), each still counting as churn: ${state.failedForLimit.join(", ")}`;
}

/** After AWS failed a claim for the target's limit (a count gone stale), no claim goes into it in this deployment. */
function refuseAfterLimit(state: TargetState, label: string): void {
  if (state.limitReached === undefined) return;
  throw new Error(
    `${label}: refusing to claim into ${state.key}: ${failedSoFar(state)}; every further claim into it would end FAILED too. ` +
      `It holds ${state.capacity.held} by this deployment's count, quota ${state.capacity.quota} ` +
      "(another deployment or tool claimed into it meanwhile, or its quota is not the one read). " +
      `To go ahead: ${capacityFix(state.key)}; then run \`pulumi up\` again.`,
  );
}
