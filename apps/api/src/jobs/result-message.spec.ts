import { decodeResultMessage, encodeResultMessage, type ResultHeader } from './result-message';

describe('binary result messages', () => {
  it.each(['a', 'ab', 'abc', 'abcd', 'name-with-ü'])('round-trip with the data 4-byte aligned (name %s)', (name) => {
    const header: ResultHeader = { type: 'result', jobId: 'j', name, shape: [2, 3], final: false, seq: 4 };
    const data = Float32Array.from([1, 2.5, Number.NaN, -4, 0, 1e30]);
    const message = encodeResultMessage(header, data);
    const length = message.readUInt32LE(0);
    const offset = 4 + length + ((4 - ((4 + length) % 4)) % 4);
    expect(offset % 4).toBe(0);
    expect(message.length).toBe(offset + 4 * data.length);
    expect(message.subarray(4 + length, offset).every((b) => b === 0)).toBe(true);
    expect(message.readFloatLE(offset + 4)).toBe(2.5);
    const decoded = decodeResultMessage(new Uint8Array(message));
    expect(decoded.header).toEqual(header);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
  });
});
