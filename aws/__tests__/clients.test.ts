import { isLoopback } from "../clients";

describe("isLoopback", () => {
  it("recognises the emulator's addresses and nothing else", () => {
    for (const e of ["http://127.0.0.1:4566", "http://localhost:1", "http://[::1]:8080", "http://127.1.2.3:9"])
      expect(isLoopback(e)).toBe(true);
    for (const e of [
      "https://vpce-0a1b.connect.us-east-1.vpce.amazonaws.com",
      "https://connect.us-east-1.amazonaws.com",
      "not a url",
      undefined,
    ])
      expect(isLoopback(e)).toBe(false);
  });
});
