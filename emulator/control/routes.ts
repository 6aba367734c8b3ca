import { randomUUID } from "node:crypto";
import { z } from "zod";
import { identity } from "connect-numbers/core";
import { ServiceError } from "../state/errors";
import { StateDocument } from "../state/model";
import { CallContext, DAY_MS, EmulatorStore } from "../state/store";
import { FaultRegistry } from "./faults";
import { parse } from "./parse-body";
import { ControlCall } from "./request";

/** The control plane under /_emulator/ (as moto's /moto-api/): tests and people steer the emulator here. */

const instant = z
  .union([z.number(), z.string().datetime({ offset: true })])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

const settingsPatch = z
  .object({
    quota: z.number().int().min(0),
    instanceQuotas: z.record(z.string(), z.number().int().min(0)),
    ratioPercent: z.number().int().min(0),
    windowDays: z.number().int().min(1),
    cooldownDays: z.number().int().min(0),
    claimDelayMs: z.number().int().min(0),
    idempotencyTtlMs: z.number().int().min(0),
    blockedClaim: z.enum(["error", "failed"]),
    countFailedClaims: z.boolean(),
    cloudTrailDays: z.number().int().min(1),
    seed: z.number().int(),
  })
  .partial()
  .strict();

const clockRequest = z
  .object({ set: instant, advanceMs: z.number(), advanceDays: z.number(), freeze: z.boolean() })
  .partial()
  .strict();

const where = z.object({ accountId: z.string().regex(/^\d{12}$/), region: z.string() }).partial();

const seedRequest = where
  .extend({
    numbers: z
      .array(
        z
          .object({
            phoneNumber: z.string(),
            countryCode: z.string(),
            type: z.string(),
            targetArn: z.string(),
            description: z.string(),
            tags: z.record(z.string(), z.string()),
          })
          .partial(),
      )
      .optional(),
    /** Claim this many more numbers (US DID unless numbers[0] says otherwise), held from before any window. */
    count: z.number().int().min(0).max(100_000).optional(),
    events: z
      .array(
        z.object({
          at: instant,
          action: z.enum(["claim", "release", "import"]),
          phoneNumber: z.string().optional(),
          phoneNumberId: z.string().optional(),
        }),
      )
      .optional(),
    targets: z
      .array(z.object({ kind: z.enum(["instance", "traffic-distribution-group"]), name: z.string() }))
      .optional(),
    takenElsewhere: z.array(z.string()).optional(),
  })
  .strict();

const faultRequest = z.union([
  z
    .object({
      operation: z.string().default("*"),
      kind: z.enum([
        "throttle",
        "internal",
        "too-many-requests",
        "access-denied",
        "drop-after-commit",
        "claim-failed",
        "latency",
      ]),
      count: z.number().int().min(1).optional(),
      message: z.string().optional(),
      latencyMs: z.number().int().min(0).optional(),
      /** drop-after-commit only: the next `count` requests of that operation are refused so (throttled retries). */
      then: z
        .object({
          kind: z.enum(["throttle", "internal", "too-many-requests", "access-denied"]),
          count: z.number().int().min(1),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((f) => f.then === undefined || f.kind === "drop-after-commit", {
      message: "then: only a drop-after-commit fault has a follow-up",
      path: ["then"],
    }),
  z
    .object({
      rateLimit: z
        .object({
          ratePerSecond: z.number().positive(),
          burst: z.number().int().min(1),
          perOperation: z.record(z.string(), z.number().positive()).optional(),
          multiplierOfAwsDefaults: z.number().positive().optional(),
        })
        .strict()
        .nullable(),
    })
    .strict(),
]);

/** A churn ledger's standing record that an account had no claim or release before `since` (own-ledger.ts). */
export interface NoChurnBefore {
  since: number;
  /** The ledger setting that holds the record (`dynamodb:<table>`). */
  ledger: string;
  by: string;
}

export interface ControlPlane {
  store: EmulatorStore;
  faults: FaultRegistry;
  endpoint: () => string;
  /** What a churn ledger of this emulator records of an account's history before any event, if it records it. */
  noChurnBefore?: (scope: { accountId: string; region: string }) => NoChurnBefore | undefined;
}

/** Returns the response body, and whether state changed (so it is persisted). */
export function handleControl(plane: ControlPlane, call: ControlCall): { body: unknown; mutated: boolean } {
  const { store, faults } = plane;
  const route = `${call.method} ${call.path.replace(/^\/_emulator/, "")}`;
  const chosen = parse(where, {
    accountId: call.query.get("accountId") ?? undefined,
    region: call.query.get("region") ?? undefined,
  });
  const ctx = { accountId: chosen.accountId ?? call.defaults.accountId, region: chosen.region ?? call.defaults.region };
  switch (route) {
    case "GET /info":
    case "GET /health": {
      const p = store.partition(ctx);
      return {
        body: {
          endpoint: plane.endpoint(),
          accountId: p.accountId,
          region: p.region,
          now: new Date(store.now()).toISOString(),
          instances: p.targets.filter((t) => t.kind === "instance").map((t) => t.arn),
          trafficDistributionGroups: p.targets.filter((t) => t.kind === "traffic-distribution-group").map((t) => t.arn),
          settings: store.settings,
        },
        mutated: false,
      };
    }
    case "POST /reset": {
      const patch = parse(settingsPatch, call.body);
      store.reset(patch);
      faults.clear();
      return { body: { ok: true }, mutated: true };
    }
    case "GET /settings":
      return { body: store.settings, mutated: false };
    case "PATCH /settings":
    case "POST /settings":
      store.updateSettings(parse(settingsPatch, call.body));
      return { body: store.settings, mutated: true };
    case "GET /clock":
      return { body: clockView(store), mutated: false };
    case "POST /clock": {
      const req = parse(clockRequest, call.body);
      if (req.freeze !== undefined) store.clock.freeze(req.freeze);
      if (req.set !== undefined) {
        if (Number.isNaN(req.set)) throw new ServiceError("InvalidControlRequest", 400, "set: not a date");
        store.clock.set(req.set);
      }
      if (req.advanceMs !== undefined) store.clock.advance(req.advanceMs);
      if (req.advanceDays !== undefined) store.clock.advance(req.advanceDays * DAY_MS);
      return { body: clockView(store), mutated: true };
    }
    case "GET /events": {
      const all = call.query.get("accountId") === null && call.query.get("region") === null;
      const partitions = all ? store.allPartitions() : [store.partition(ctx)];
      const events = partitions.flatMap((p) =>
        p.events.map((e) => ({ ...e, accountId: p.accountId, region: p.region, time: new Date(e.at).toISOString() })),
      );
      return { body: { events: events.sort((a, b) => a.at - b.at) }, mutated: false };
    }
    case "POST /seed":
      return { body: seed(store, ctx, parse(seedRequest, call.body), plane.noChurnBefore), mutated: true };
    case "GET /faults":
      return { body: faults.list(), mutated: false };
    case "POST /faults": {
      const req = parse(faultRequest, call.body);
      if ("rateLimit" in req) faults.rateLimit = req.rateLimit ?? undefined;
      else {
        const remaining = req.count ?? (req.kind === "latency" ? undefined : 1);
        faults.add({
          operation: req.operation,
          kind: req.kind,
          remaining,
          message: req.message,
          latencyMs: req.latencyMs,
          then: req.then,
        });
      }
      return { body: faults.list(), mutated: false };
    }
    case "DELETE /faults":
      faults.clear();
      return { body: faults.list(), mutated: false };
    case "GET /state":
      return { body: store.snapshot(), mutated: false };
    case "PUT /state":
      store.restore(call.body as unknown as StateDocument);
      return { body: { ok: true }, mutated: true };
    default:
      throw new ServiceError(
        "NotYetImplemented",
        404,
        `No control route ${route}. Routes: GET info, POST reset, GET|PATCH settings, GET|POST clock, GET events, POST seed, GET|POST|DELETE faults, GET|PUT state.`,
      );
  }
}

function clockView(store: EmulatorStore) {
  const now = store.now();
  return { now: new Date(now).toISOString(), ms: now, frozen: store.clock.frozen };
}

type SeedEvent = NonNullable<z.infer<typeof seedRequest>["events"]>[number];

/**
 * History CloudTrail cannot hold, refused before anything is seeded: an event after the emulator's clock, or one
 * before the instant a churn ledger records the account had no churn before (the faces would read two histories).
 */
function refuseImpossibleHistory(
  events: readonly SeedEvent[],
  now: number,
  scope: { accountId: string; region: string },
  floor: NoChurnBefore | undefined,
): void {
  const iso = (t: number) => new Date(t).toISOString();
  events.forEach((e, i) => {
    const who = e.phoneNumber ?? e.phoneNumberId;
    const event = `events[${i}] (${iso(e.at)} ${e.action}${who ? ` ${who}` : ""})`;
    if (e.at > now)
      throw new ServiceError(
        "InvalidControlRequest",
        400,
        `${event} is after the emulator's clock (${iso(now)}): CloudTrail records only what has happened. ` +
          "Seed it at or before the clock, or move the clock past it first (POST /_emulator/clock with advanceDays).",
      );
    if (floor !== undefined && e.at < floor.since)
      throw new ServiceError(
        "InvalidControlRequest",
        400,
        `${event} is before ${iso(floor.since)}, and the churn ledger ${floor.ledger} records that account ` +
          `${scope.accountId} had no claim or release in ${scope.region} before then (${floor.by}). Seed history ` +
          "from that instant on, or, to seed older history, start the emulator without that record (--no-ledger-table).",
      );
  });
}

function seed(
  store: EmulatorStore,
  defaults: CallContext,
  req: z.infer<typeof seedRequest>,
  noChurnBefore: ControlPlane["noChurnBefore"],
) {
  const scope = { accountId: req.accountId ?? defaults.accountId, region: req.region ?? defaults.region };
  refuseImpossibleHistory(req.events ?? [], store.now(), scope, noChurnBefore?.(scope));
  const p = store.partition(scope);
  const added: string[] = [];
  for (const t of req.targets ?? []) added.push(store.addTarget(p, t.kind, t.name).arn);
  for (const n of req.takenElsewhere ?? []) p.takenElsewhere.push(n);
  const defaultTarget = p.targets.find((t) => t.kind === "instance")!.arn;
  const specs = [...(req.numbers ?? [])];
  const template = specs[0] ?? {};
  for (let i = 0; i < (req.count ?? 0); i++)
    specs.push({ countryCode: template.countryCode, type: template.type, targetArn: template.targetArn });
  const unavailable = store.unavailableNumbers();
  // Where each country and type's search left off, so seeding many numbers walks the pool once.
  const cursors = new Map<string, number | undefined>();
  const claimed = [];
  for (const spec of specs) {
    const country = spec.countryCode ?? "US";
    const type = spec.type ?? "DID";
    let phoneNumber = spec.phoneNumber;
    const cursorKey = `${country}/${type}`;
    while (!phoneNumber) {
      const cursor = cursors.has(cursorKey) ? cursors.get(cursorKey) : 0;
      if (cursor === undefined) break;
      const found = store.pool.search(country, type, undefined, cursor, 1, unavailable);
      cursors.set(cursorKey, found.next);
      phoneNumber = found.numbers[0];
    }
    if (!phoneNumber || unavailable.has(phoneNumber))
      throw new ServiceError("InvalidControlRequest", 400, `no available ${country} ${type} number to seed`);
    unavailable.add(phoneNumber);
    const kind = store.pool.classify(phoneNumber) ?? { country, type };
    const id = store.nextNumberId(p);
    p.numbers.push({
      id,
      arn: `arn:aws:connect:${p.region}:${p.accountId}:phone-number/${id}`,
      phoneNumber,
      countryCode: spec.countryCode ?? kind.country,
      type: spec.type ?? kind.type,
      description: spec.description,
      targetArn: spec.targetArn ?? defaultTarget,
      tags: spec.tags ?? {},
      status: "CLAIMED",
      claimedAt: store.now(),
    });
    claimed.push({ phoneNumberId: id, phoneNumber });
  }
  for (const e of req.events ?? []) {
    // A blank number or id names nothing (core decides what an identity is): the event is anonymous, never a ""
    // that would make every anonymous event of a minute one event.
    p.events.push({
      eventId: randomUUID(),
      at: e.at,
      action: e.action,
      phoneNumber: identity(e.phoneNumber),
      phoneNumberId: identity(e.phoneNumberId),
      targetArn: defaultTarget,
    });
  }
  p.events.sort((a, b) => a.at - b.at);
  return { numbers: claimed, targets: added };
}
