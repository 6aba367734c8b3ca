import { CallContext } from "../state/store";

/** A request to the control plane (/_emulator/, /_emulator/sms/), as the wire server hands it over. */
export interface ControlCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  defaults: CallContext;
}
