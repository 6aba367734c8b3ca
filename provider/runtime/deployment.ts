import { RegionSessions } from "../../aws/regions";
import { AwsSession } from "../../aws/session";
import { ChurnLedger, LedgerScope } from "../../ledger/types";
import { PhoneNumberInputs } from "../shape";
import { CandidatePool } from "./candidates";
import { ProviderConfig } from "./config";
import { ScopeGuard } from "./guard";
import { ledgerFor } from "./ledger";

/**
 * What one deployment shares across every resource and every provider string: a session per region, one guard per
 * account and region, the ledger, and what the engine has told the provider so far (which resources the program
 * declares, which numbers were handed from one resource to another). Pulumi starts one dynamic-provider process
 * per deployment and configures it once per distinct serialized provider (resources written by another version
 * or checkout carry another string); they all reach the same Deployment (index.ts keeps it on globalThis).
 */
export class Deployment {
  readonly regions: RegionSessions;
  /** Search results shared by the deployment's parallel claims, so they do not race each other for one number. */
  readonly candidates = new CandidatePool();
  private ledgerInstance: ChurnLedger | undefined;
  private readonly guards = new Map<string, ScopeGuard>();
  private readonly declared = new Map<string, PhoneNumberInputs>();
  private readonly liveIds = new Map<string, Set<string>>();
  private readonly handOvers = new Map<string, { from: string; to: string }>();

  constructor(
    readonly config: ProviderConfig,
    readonly warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.regions = new RegionSessions(config.aws);
  }

  ledger(session: AwsSession): ChurnLedger {
    this.ledgerInstance ??= ledgerFor(this.config, session);
    return this.ledgerInstance;
  }

  /** The guard of one account and region, whatever the provider string that asks. */
  guard(scope: LedgerScope, session: AwsSession): ScopeGuard {
    const key = `${scope.accountId}/${scope.region}`;
    let g = this.guards.get(key);
    if (!g) {
      g = new ScopeGuard(scope, this.config, session, this.ledger(session), this.warn);
      this.guards.set(key, g);
    }
    return g;
  }

  /** The program declares this owner (check ran for it) with these inputs. */
  noteDeclared(ownerKey: string, inputs: PhoneNumberInputs): void {
    this.declared.set(ownerKey, inputs);
  }

  declaredInputs(ownerKey: string): PhoneNumberInputs | undefined {
    return this.declared.get(ownerKey);
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

  destroy(): void {
    this.regions.destroy();
  }
}
