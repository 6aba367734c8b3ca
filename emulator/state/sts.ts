import { randomUUID } from "node:crypto";
import { CallContext } from "./store";

/**
 * STS over the awsQuery protocol (form-encoded POST /, XML answers), the way @aws-sdk/client-sts speaks it: only
 * GetCallerIdentity, which tells a client its account (the provider needs it for a resource given only an instance
 * id). The caller is the account of the signed request, like every other emulated call.
 */
export interface QueryAnswer {
  status: number;
  xml: string;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export function handleStsQuery(ctx: CallContext, form: URLSearchParams): QueryAnswer {
  const action = form.get("Action");
  const requestId = randomUUID();
  if (action !== "GetCallerIdentity") {
    return {
      status: 400,
      xml:
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        `<Message>The connect-numbers emulator implements only STS GetCallerIdentity, not ${escapeXml(action ?? "(no Action)")}.</Message>` +
        `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: 200,
    xml:
      `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
      `<Arn>arn:aws:iam::${ctx.accountId}:user/connect-numbers-emulator</Arn>` +
      `<UserId>AIDAEMULATOR${ctx.accountId}</UserId>` +
      `<Account>${ctx.accountId}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
