/**
 * Blosc-style byte shuffle: byte j of every element goes to plane j, so the high bytes of small
 * integers (mostly zero) and the exponent bytes of floats (mostly alike) sit together where
 * a fast LZ codec can find runs. Bytes past the last whole element are copied as they are.
 */
export function byteShuffle(input: Uint8Array, itemSize: number, out: Uint8Array): void {
  const n = Math.floor(input.length / itemSize);
  if (itemSize === 1) {
    out.set(input);
    return;
  }
  if (itemSize === 2 && input.byteOffset % 2 === 0) {
    const words = new Uint16Array(input.buffer, input.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      out[i] = w & 0xff;
      out[n + i] = w >>> 8;
    }
  } else if (itemSize === 4 && input.byteOffset % 4 === 0) {
    const words = new Uint32Array(input.buffer, input.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      out[i] = w & 0xff;
      out[n + i] = (w >>> 8) & 0xff;
      out[2 * n + i] = (w >>> 16) & 0xff;
      out[3 * n + i] = w >>> 24;
    }
  } else {
    for (let j = 0; j < itemSize; j++) {
      const plane = j * n;
      for (let i = 0; i < n; i++) out[plane + i] = input[i * itemSize + j]!;
    }
  }
  out.set(input.subarray(n * itemSize), n * itemSize);
}

/** The inverse of {@link byteShuffle} (exact on any host: both sides use the same word order). */
export function byteUnshuffle(input: Uint8Array, itemSize: number, out: Uint8Array): void {
  const n = Math.floor(input.length / itemSize);
  if (itemSize === 1) {
    out.set(input);
    return;
  }
  if (itemSize === 2 && out.byteOffset % 2 === 0) {
    const words = new Uint16Array(out.buffer, out.byteOffset, n);
    for (let i = 0; i < n; i++) words[i] = input[i]! | (input[n + i]! << 8);
  } else if (itemSize === 4 && out.byteOffset % 4 === 0) {
    const words = new Uint32Array(out.buffer, out.byteOffset, n);
    for (let i = 0; i < n; i++) {
      words[i] = (input[i]! | (input[n + i]! << 8) | (input[2 * n + i]! << 16) | (input[3 * n + i]! << 24)) >>> 0;
    }
  } else {
    for (let j = 0; j < itemSize; j++) {
      const plane = j * n;
      for (let i = 0; i < n; i++) out[i * itemSize + j] = input[plane + i]!;
    }
  }
  out.set(input.subarray(n * itemSize), n * itemSize);
}
