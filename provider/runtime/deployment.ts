import { ClaimedPhoneNumberSummary } from "@aws-sdk/client-connect";
import { RegionSessions } from "../../aws/regions";
import { AwsSession } from "../../aws/session";
import { NewClaim, NumberDeclaration, ownerFromUrn, parseUrn } from "../../core";
import { LedgerAdmin, LedgerScope } from "../../ledger/types";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../shape";
import { CandidatePool } from "./candidates";
import { TargetCapacities } from "./capacity";
import { ProviderConfig } from "./config";
import { ScopeGuard } from "./guard";
import { ledgerFor, ledgerLocationKey } from "./ledger";

/**
 * What one deployment shares across every resource and every provider string: a session per region, one guard per
 * account and region, the ledger, and what the engine has told the provider so far (which resources the program
 * declares, which numbers were handed from one resource to another, which numbers its creates claimed). Pulumi starts one dynamic-provider process
 * per deployment and configures it once per distinct serialized provider (resources written by another version
 * or checkout carry another string); they all reach the same Deployment (index.ts keeps it on globalThis).
 */
export class Deployment {
  readonly regions: RegionSessions;
  /** Search results shared by the deployment's parallel claims, so they do not race each other for one number. */
  readonly candidates = new CandidatePool();
  /** The ledger of each account and region, and the opened ledgers they share (one per table or file). */
  private readonly scopeLedgers = new Map<string, Promise<LedgerAdmin>>();
  private readonly opened = new Map<string, Promise<LedgerAdmin>>();
  private readonly guards = new Map<string, ScopeGuard>();
  private readonly capacities = new Map<string, TargetCapacities>();
  private readonly declared = new Map<string, PhoneNumberInputs>();
  /**
   * A replaced instance's FAILED claim, by the key of the owner that replaces it (noted at diff): under an alias the
   * claim is tagged for the old owner, so the new instance's create retries it from here, first.
   */
  readonly failedClaimsReplaced = new Map<string, PhoneNumberOutputs>();
  /** The specific numbers (phoneNumbers) each PhoneNumberSet of the program declares, by owner key. */
  private readonly setDeclared = new Map<string, NumberDeclaration>();
  private readonly setUrns = new Map<string, string>();
  /** Numbers a set's state holds and its inputs still list: a PhoneNumber's delete hands them back (hand-back.ts). */
  private readonly setHoldings = new Map<string, SetHandBack>();
  private readonly liveIds = new Map<string, Set<string>>();
  private readonly handOvers = new Map<string, { from: string; to: string }>();
  private readonly freshClaims: FreshClaim[] = [];

  constructor(
    readonly config: ProviderConfig,
    readonly warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.regions = new RegionSessions(config.aws);
  }

  /** The churn ledger of one account and region: opened once per deployment, whatever the provider string that asks. */
  ledger(scope: LedgerScope): Promise<LedgerAdmin> {
    const key = `${scope.accountId}/${scope.region}`;
    let ledger = this.scopeLedgers.get(key);
    if (!ledger) {
      const where = ledgerLocationKey(this.config, scope);
      ledger = this.opened.get(where);
      if (!ledger) {
        ledger = ledgerFor(this.config, scope);
        this.opened.set(where, ledger);
        // A ledger that could not be opened (a file in a directory it cannot create) is tried again next time.
        ledger.catch(() => this.opened.delete(where));
      }
      this.scopeLedgers.set(key, ledger);
      ledger.catch(() => this.scopeLedgers.delete(key));
    }
    return ledger;
  }

  /** The guard of one account and region, whatever the provider string that asks. */
  guard(scope: LedgerScope, session: AwsSession): ScopeGuard {
    const key = `${scope.accountId}/${scope.region}`;
    let g = this.guards.get(key);
    if (!g) {
      g = new ScopeGuard(scope, this.config, session, () => this.ledger(scope), this.warn);
      this.guards.set(key, g);
    }
    return g;
  }

  /** The per-target capacity check of one account and region (capacity.ts), shared like the guard. */
  capacity(scope: LedgerScope, session: AwsSession): TargetCapacities {
    const key = `${scope.accountId}/${scope.region}`;
    let c = this.capacities.get(key);
    if (!c) this.capacities.set(key, (c = new TargetCapacities(scope, this.config, session)));
    return c;
  }

  /** The program declares this owner (check ran for it) with these inputs. */
  noteDeclared(ownerKey: string, inputs: PhoneNumberInputs): void {
    this.declared.set(ownerKey, inputs);
  }

  declaredInputs(ownerKey: string): PhoneNumberInputs | undefined {
    return this.declared.get(ownerKey);
  }

  /** The program declares this PhoneNumberSet (check ran for it) under this URN, with these specific numbers. */
  noteSetDeclared(ownerKey: string, urn: string, name: string, phoneNumbers: readonly string[]): void {
    this.setDeclared.set(ownerKey, { name, kind: "PhoneNumberSet", numbers: [...phoneNumbers] });
    this.setUrns.set(ownerKey, urn);
  }

  /** The URN of the set the program declares under this owner key, if it does. */
  declaredSetUrn(ownerKey: string): string | undefined {
    return this.setUrns.get(ownerKey);
  }

  noteSetHolding(phoneNumberId: string, handBack: SetHandBack): void {
    this.setHoldings.set(phoneNumberId, handBack);
  }

  /** How to give this number back to the set whose state holds it and whose inputs still list it, if one does. */
  setHolding(phoneNumberId: string): SetHandBack | undefined {
    return this.setHoldings.get(phoneNumberId);
  }

  /** What the set with this owner key declares, if the program declares it. */
  setDeclaration(ownerKey: string): NumberDeclaration | undefined {
    return this.setDeclared.get(ownerKey);
  }

  /**
   * The resource other than `exceptKey` that the program declares this number on (by E.164 or id): a single
   * resource, or a set listing it in phoneNumbers. A single's entry noted under an alias's old key is the same
   * resource: it is named by its current name.
   */
  declarerOf(phoneNumber: string, phoneNumberId: string, exceptKey: string): NumberDeclaration | undefined {
    for (const [key, i] of this.declared) {
      if (key === exceptKey || (i.ownerUrn !== undefined && ownerFromUrn(i.ownerUrn)?.key === exceptKey)) continue;
      if (
        i.phoneNumber === phoneNumber ||
        (i.phoneNumberId !== undefined && i.phoneNumberId.split("/").pop() === phoneNumberId)
      ) {
        const name = (i.ownerUrn && parseUrn(i.ownerUrn)?.name) ?? key;
        return { name, kind: "PhoneNumber", numbers: [phoneNumber] };
      }
    }
    for (const [key, d] of this.setDeclared) if (key !== exceptKey && d.numbers.includes(phoneNumber)) return d;
    return undefined;
  }

  /** Whether the program declares this number on a resource other than `exceptKey`. */
  declaresNumber(phoneNumber: string, phoneNumberId: string, exceptKey: string): boolean {
    return this.declarerOf(phoneNumber, phoneNumberId, exceptKey) !== undefined;
  }

  /** An instance in state holds this number under this owner (diff, update and read see state). */
  noteLive(ownerKey: string, phoneNumberId: string): void {
    let ids = this.liveIds.get(ownerKey);
    if (!ids) this.liveIds.set(ownerKey, (ids = new Set()));
    ids.add(phoneNumberId);
  }

  isLive(ownerKey: string, phoneNumberId: string): boolean {
    return this.liveIds.get(ownerKey)?.has(phoneNumberId) ?? false;
  }

  noteHandOver(phoneNumberId: string, fromKey: string, toKey: string): void {
    this.handOvers.set(phoneNumberId, { from: fromKey, to: toKey });
  }

  /** Whether this deployment handed the number away from this owner to another. */
  handedAway(phoneNumberId: string, fromKey: string): boolean {
    const h = this.handOvers.get(phoneNumberId);
    return h !== undefined && h.from === fromKey && h.to !== fromKey;
  }

  /** A create of this deployment claimed a new number (not a hand-over, not an adoption). */
  noteFreshClaim(claim: FreshClaim): void {
    this.freshClaims.push(claim);
  }

  /**
   * The new claims of one stack in one account, by the number each got (they arrive in the order parallel creates
   * finish). Every delete pairs with all of them, whatever other deletes paired: core's findRenames pairs each
   * releasing resource on its own, as the pack and `check` do, so the outcome never depends on the order of deletes.
   */
  claimsOf(stack: string, accountId: string): FreshClaim[] {
    return this.freshClaims
      .filter((c) => c.stack === stack && c.accountId === accountId)
      .sort((a, b) => ((a.phoneNumber ?? "") < (b.phoneNumber ?? "") ? -1 : a.phoneNumber === b.phoneNumber ? 0 : 1));
  }

  /** Closes the sessions, and the ledgers once their last writes are done. */
  destroy(): void {
    this.regions.destroy();
    for (const ledger of this.opened.values()) void ledger.then((l) => l.close()).catch(() => undefined);
  }
}

/** Gives a number a PhoneNumber took (and now lets go) back to the set that lists it: no release. */
export type SetHandBack = (summary: ClaimedPhoneNumberSummary, fromLease: string | undefined) => Promise<void>;

/** A number a create of this deployment claimed, as core's rename rule reads it. */
export interface FreshClaim {
  stack: string;
  accountId: string;
  ownerKey: string;
  /** The number it got, for messages. */
  phoneNumber?: string;
  claim: NewClaim;
}
