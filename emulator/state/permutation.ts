import { createHash } from "node:crypto";

/**
 * A seeded bijection of [0, size): a four-round Feistel network on the smallest even-bit domain that holds `size`,
 * cycle-walked back into range (the domain is under 4·size, so under four steps on average). It shuffles a range of
 * billions without a table, so "the i-th number offered" is the same for the same seed and needs no stored pool.
 * Not cryptographic: it only has to look unordered and be reproducible.
 */
export class SeededPermutation {
  private readonly halfBits: number;
  private readonly halfSize: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    seed: string,
  ) {
    if (!Number.isInteger(size) || size < 0 || size > 2 ** 52)
      throw new RangeError(`permutation size ${size} is not a whole number in [0, 2^52]`);
    const bits = Math.max(2, Math.ceil(Math.log2(Math.max(size, 2))));
    this.halfBits = Math.ceil(bits / 2);
    this.halfSize = 2 ** this.halfBits;
    const digest = createHash("sha256").update(seed).digest();
    this.keys = [0, 1, 2, 3].map((i) => digest.readUInt32LE(i * 4));
  }

  at(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside [0, ${this.size})`);
    let value = index;
    do value = this.encrypt(value);
    while (value >= this.size);
    return value;
  }

  private encrypt(value: number): number {
    let left = Math.floor(value / this.halfSize);
    let right = value % this.halfSize;
    for (const key of this.keys) {
      const mixed = (mix32(right ^ key) >>> 0) % this.halfSize;
      [left, right] = [right, (left ^ mixed) >>> 0];
    }
    return left * this.halfSize + right;
  }
}

/** A 32-bit integer hash (the finalizer of MurmurHash3). */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
