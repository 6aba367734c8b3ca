/**
 * Every page of a listing AWS pages by token: `fetch` asks for the page after `token` (undefined for the first),
 * `nextToken` reads the token of the page after this one. Written here rather than taken from the SDK's paginators
 * (paginateListPhoneNumbersV2, …): those insist on the SDK's own client class and refuse the stand-in client that
 * account/__tests__/owned-numbers.test.ts counts calls with.
 */
export async function* pages<Page>(
  fetch: (token: string | undefined) => Promise<Page>,
  nextToken: (page: Page) => string | undefined,
): AsyncGenerator<Page> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page;
    // The Resource Groups Tagging API ends its listing with an empty token, the others with none.
    token = nextToken(page) || undefined;
  } while (token);
}
