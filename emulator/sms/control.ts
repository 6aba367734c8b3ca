import { z } from "zod";
import type { SameType } from "connect-numbers/core";
import { ServiceError } from "../state/errors";
import { EmulatorStore } from "../state/store";
import { parse } from "../control/parse-body";
import { ControlCall } from "../control/request";
import { SmsNumber, smsSettingsOf } from "./model";
import { numberInformation } from "./numbers";
import { SmsAccount } from "./state";

/** The SMS part of the control plane, under /_emulator/sms/: settings, seeding numbers held from before, inspection. */

const ms = z.number().int().min(0);
const settingsPatch = z
  .object({
    pendingMs: z.object({ LONG_CODE: ms, TOLL_FREE: ms, TEN_DLC: ms, SIMULATOR: ms }).partial().strict(),
    releaseMs: ms,
    deletedVisibleMs: ms,
    phoneNumberLimit: z.number().int().min(0),
    poolLimit: z.number().int().min(0),
    rateLimit: z
      .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .nullable(),
    idempotencyTtlMs: ms,
  })
  .partial()
  .strict();

/** Numbers an account held before the test began (POST /_emulator/sms/seed). */
export interface SmsSeedRequest {
  /** 12 digits; default: the emulator's account. */
  accountId?: string;
  region?: string;
  numbers: SmsSeedNumber[];
}

/** One seeded number; what is left out is drawn from the number pool or takes the default. */
export interface SmsSeedNumber {
  phoneNumber?: string;
  isoCountryCode?: string;
  messageType?: "TRANSACTIONAL" | "PROMOTIONAL";
  numberCapabilities?: Array<"SMS" | "VOICE" | "MMS" | "RCS">;
  numberType?: "LONG_CODE" | "TOLL_FREE" | "TEN_DLC" | "SIMULATOR" | "SHORT_CODE";
  /** PENDING numbers turn ACTIVE after pendingForMs (default: the type's pendingMs). */
  status?: "PENDING" | "ACTIVE";
  pendingForMs?: number;
  deletionProtectionEnabled?: boolean;
  optOutListName?: string;
  twoWayEnabled?: boolean;
  twoWayChannelArn?: string;
  selfManagedOptOutsEnabled?: boolean;
  registrationId?: string;
  tags?: Record<string, string>;
}

const seedRequest = z
  .object({
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z.string().optional(),
    numbers: z.array(
      z
        .object({
          phoneNumber: z.string().regex(/^\+[1-9]\d{1,18}$/),
          isoCountryCode: z.string().regex(/^[A-Z]{2}$/),
          messageType: z.enum(["TRANSACTIONAL", "PROMOTIONAL"]),
          numberCapabilities: z
            .array(z.enum(["SMS", "VOICE", "MMS", "RCS"]))
            .min(1)
            .max(3),
          numberType: z.enum(["LONG_CODE", "TOLL_FREE", "TEN_DLC", "SIMULATOR", "SHORT_CODE"]),
          status: z.enum(["PENDING", "ACTIVE"]),
          pendingForMs: ms,
          deletionProtectionEnabled: z.boolean(),
          optOutListName: z.string(),
          twoWayEnabled: z.boolean(),
          twoWayChannelArn: z.string(),
          selfManagedOptOutsEnabled: z.boolean(),
          registrationId: z.string(),
          tags: z.record(z.string(), z.string()),
        })
        .partial()
        .strict(),
    ),
  })
  .strict();

// The published type names no zod type (a project without esModuleInterop cannot load zod's declarations); the
// schema must parse exactly it, so the two cannot drift.
true satisfies SameType<z.input<typeof seedRequest>, SmsSeedRequest>;
true satisfies SameType<z.output<typeof seedRequest>, SmsSeedRequest>;

export function handleSmsControl(store: EmulatorStore, call: ControlCall): { body: unknown; mutated: boolean } {
  const route = `${call.method} ${call.path.replace(/^\/_emulator\/sms/, "")}`;
  const where = (accountId?: string, region?: string) => ({
    accountId: accountId ?? call.query.get("accountId") ?? call.defaults.accountId,
    region: region ?? call.query.get("region") ?? call.defaults.region,
  });
  switch (route) {
    case "GET /settings":
      return { body: smsSettingsOf(store.settings.sms), mutated: false };
    case "PATCH /settings":
    case "POST /settings": {
      const patch = parse(settingsPatch, call.body);
      const current = store.settings.sms ?? {};
      store.updateSettings({
        sms: { ...current, ...patch, pendingMs: { ...smsSettingsOf(current).pendingMs, ...(patch.pendingMs ?? {}) } },
      });
      return { body: smsSettingsOf(store.settings.sms), mutated: true };
    }
    case "POST /seed": {
      const req = parse(seedRequest, call.body);
      const account = SmsAccount.of(store, where(req.accountId, req.region));
      return { body: { numbers: req.numbers.map((spec) => seedNumber(account, spec)) }, mutated: true };
    }
    case "GET /numbers": {
      const account = SmsAccount.of(store, where());
      account.settle();
      return {
        body: {
          numbers: account.data.numbers.map(numberInformation),
          pools: account.data.pools,
          released: account.data.released,
        },
        mutated: false,
      };
    }
    case "GET /events": {
      const all = call.query.get("accountId") === null && call.query.get("region") === null;
      const partitions = all ? store.allPartitions() : [store.partition(where())];
      const events = partitions.flatMap((p) =>
        (p.sms?.events ?? []).map((e) => ({
          ...e,
          accountId: p.accountId,
          region: p.region,
          time: new Date(e.at).toISOString(),
        })),
      );
      return { body: { events: events.sort((a, b) => a.at - b.at) }, mutated: false };
    }
    default:
      throw new ServiceError(
        "NotYetImplemented",
        404,
        `No control route ${call.method} ${call.path}. SMS routes: GET|PATCH /_emulator/sms/settings, POST /_emulator/sms/seed, GET /_emulator/sms/numbers, GET /_emulator/sms/events.`,
      );
  }
}

/** A number the account held before: no request event, so it costs nothing and shows no churn. */
function seedNumber(a: SmsAccount, spec: SmsSeedNumber) {
  const isoCountryCode = spec.isoCountryCode ?? "US";
  const numberType = spec.numberType ?? "LONG_CODE";
  const phoneNumber = spec.phoneNumber ?? a.allocate(isoCountryCode, numberType);
  // unavailableNumbers() covers Connect's numbers and SMS numbers held or once released, in every account.
  if (!phoneNumber || (spec.phoneNumber !== undefined && a.store.unavailableNumbers().has(phoneNumber))) {
    throw new ServiceError(
      "InvalidControlRequest",
      400,
      `no ${isoCountryCode} ${numberType} number ${spec.phoneNumber ?? ""} is available to seed`,
    );
  }
  const now = a.now();
  const id = a.nextId("phone");
  const pending = spec.status === "PENDING";
  const n: SmsNumber = {
    id,
    arn: a.arn("phone-number", id),
    phoneNumber,
    status: pending ? "PENDING" : "ACTIVE",
    isoCountryCode,
    messageType: spec.messageType ?? "TRANSACTIONAL",
    numberCapabilities: spec.numberCapabilities ?? ["SMS"],
    numberType,
    monthlyLeasingPrice: numberType === "TOLL_FREE" || numberType === "TEN_DLC" ? "2.00" : "1.00",
    twoWayEnabled: spec.twoWayEnabled ?? false,
    twoWayChannelArn: spec.twoWayChannelArn,
    selfManagedOptOutsEnabled: spec.selfManagedOptOutsEnabled ?? false,
    optOutListName: spec.optOutListName ?? "Default",
    internationalSendingEnabled: false,
    deletionProtectionEnabled: spec.deletionProtectionEnabled ?? false,
    registrationId: spec.registrationId,
    tags: spec.tags ?? {},
    createdAt: now,
    activatesAt: pending
      ? now + (spec.pendingForMs ?? a.settings.pendingMs[numberType as keyof typeof a.settings.pendingMs] ?? 0)
      : undefined,
  };
  a.data.numbers.push(n);
  return { phoneNumberId: n.id, phoneNumberArn: n.arn, phoneNumber: n.phoneNumber };
}
