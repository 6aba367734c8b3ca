/**
 * The permutation that sorts `times` ascending (stable), by LSD radix sort on 16-bit digits of (t - min).
 * Hand-written because a comparator sort of a million event objects takes over a second, and the history
 * build has a one-second budget; spans up to 2^48 ms (8,900 years) are exact.
 */
export function sortedOrder(times: Float64Array): Uint32Array {
  const n = times.length;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (integral && !Number.isInteger(t)) integral = false;
  }
  const span = max - min;
  if (n > 1 && (!integral || !(span < 2 ** 48))) {
    return Uint32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b));
  }
  // Three 16-bit digits of (t - min), least significant first; passes over all-zero digits are skipped.
  const digits = [new Uint16Array(n), new Uint16Array(n), new Uint16Array(n)];
  for (let i = 0; i < n; i++) {
    const rel = times[i] - min;
    const low = rel % 4294967296;
    digits[0][i] = low & 0xffff;
    digits[1][i] = low >>> 16;
    digits[2][i] = Math.floor(rel / 4294967296);
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  const passes = span < 65536 ? 1 : span < 4294967296 ? 2 : 3;
  for (let p = 0; p < passes; p++) {
    const digit = digits[p];
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[digit[i] + 1]++;
    for (let d = 1; d < 65537; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const idx = order[i];
      scratch[counts[digit[idx]]++] = idx;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}
