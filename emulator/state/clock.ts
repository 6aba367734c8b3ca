/** The emulator's time: real time plus an offset, or frozen; tests move it to age events and finish claims. */
export class Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  set(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt = ms;
    else this.offsetMs = ms - this.realNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  freeze(frozen: boolean): void {
    this.frozenAt = frozen ? this.now() : undefined;
    if (!frozen) this.offsetMs = 0;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  snapshot(): { offsetMs: number; frozenAt?: number } {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt };
  }

  restore(s: { offsetMs: number; frozenAt?: number }): void {
    this.offsetMs = s.offsetMs;
    this.frozenAt = s.frozenAt;
  }
}
