import { describe, expect, it } from '@jest/globals';
import type { LatticeShape } from '../analysis/overlay';
import { arrowPath, latticeDisks } from './lattice';

const lattice = (over: Partial<LatticeShape> = {}): LatticeShape => ({ kind: 'lattice', cx: 10, cy: 8, a: { x: 6, y: 0 }, b: { x: 0, y: 5 }, ...over });
const indices = (disks: { n: number; m: number }[]) => disks.map(({ n, m }) => `${n},${m}`).sort();

/** Every (n, m) in a wide window whose disk centre is on the frame: the brute-force reference. */
function onFrameReference(l: LatticeShape, width: number, height: number): string[] {
  const out: string[] = [];
  for (let n = -50; n <= 50; n++) {
    for (let m = -50; m <= 50; m++) {
      const x = l.cx + n * l.a.x + m * l.b.x;
      const y = l.cy + n * l.a.y + m * l.b.y;
      if (x >= -0.5 && x <= width - 0.5 && y >= -0.5 && y <= height - 0.5) out.push(`${n},${m}`);
    }
  }
  return out.sort();
}

describe('latticeDisks', () => {
  it('gives the disks whose centres lie on a 20 × 16 frame, at zero + n·a + m·b', () => {
    // x = 10 + 6n ∈ [−0.5, 19.5] → n ∈ {−1, 0, 1}; y = 8 + 5m ∈ [−0.5, 15.5] → m ∈ {−1, 0, 1}.
    const disks = latticeDisks(lattice(), 20, 16);
    expect(indices(disks)).toEqual(['-1,-1', '-1,0', '-1,1', '0,-1', '0,0', '0,1', '1,-1', '1,0', '1,1']);
    expect(disks.find((d) => d.n === 1 && d.m === -1)).toEqual({ n: 1, m: -1, x: 16, y: 3 });
    // The lowest order comes first.
    expect(disks[0]).toEqual({ n: 0, m: 0, x: 10, y: 8 });
  });

  it('counts a centre on the frame edge (−0.5 or size − 0.5) as on the frame', () => {
    // x = 2 + 2.5n: n = ±1 give −0.5 and 4.5, the edges of a 5-wide frame; a 4-wide one ends at 3.5.
    const row = lattice({ cx: 2, cy: 2, a: { x: 2.5, y: 0 }, b: { x: 0, y: 100 } });
    expect(indices(latticeDisks(row, 5, 5))).toEqual(['-1,0', '0,0', '1,0']);
    expect(indices(latticeDisks(row, 4, 5))).toEqual(['-1,0', '0,0']);
  });

  it.each([
    ['oblique vectors', lattice({ cx: 31.2, cy: 27.9, a: { x: 7.3, y: 2.1 }, b: { x: -3.4, y: 8.8 } }), 64, 48],
    ['a centre off the frame', lattice({ cx: -20, cy: 70, a: { x: 9, y: -4 }, b: { x: 5, y: 6 } }), 40, 50],
    ['a thin frame', lattice({ cx: 0, cy: 0, a: { x: 3.3, y: 1.1 }, b: { x: -1.2, y: 2.9 } }), 90, 2],
  ])('matches a brute-force search with %s', (_what, l, width, height) => {
    expect(indices(latticeDisks(l, width, height))).toEqual(onFrameReference(l, width, height));
  });

  it('keeps the lowest orders when there are more disks than the limit', () => {
    const disks = latticeDisks(lattice({ cx: 50, cy: 50, a: { x: 2, y: 0 }, b: { x: 0, y: 2 } }), 101, 101, 25);
    expect(disks).toHaveLength(25);
    expect(indices(disks)).toEqual(onFrameReference(lattice({ cx: 50, cy: 50, a: { x: 2, y: 0 }, b: { x: 0, y: 2 } }), 101, 101).filter((k) => k.split(',').every((i) => Math.abs(Number(i)) <= 2)));
  });

  it('draws only the zero-order disk for parallel or sub-pixel vectors', () => {
    expect(latticeDisks(lattice({ a: { x: 4, y: 2 }, b: { x: -8, y: -4 } }), 20, 16)).toEqual([{ n: 0, m: 0, x: 10, y: 8 }]);
    expect(latticeDisks(lattice({ a: { x: 0.5, y: 0 }, b: { x: 0, y: 0.5 } }), 20, 16)).toEqual([{ n: 0, m: 0, x: 10, y: 8 }]);
    expect(latticeDisks(lattice({ cx: -3, a: { x: 0, y: 0 } }), 20, 16)).toEqual([]);
  });
});

describe('arrowPath', () => {
  it('draws the shaft to the tip and two barbs 30° off it', () => {
    expect(arrowPath({ x: 0, y: 0 }, { x: 10, y: 0 }, 2)).toBe(`M 0 0 L 10 0 M 8 ${Math.round(2 * Math.tan(Math.PI / 6) * 1000) / 1000} L 10 0 L 8 ${-Math.round(2 * Math.tan(Math.PI / 6) * 1000) / 1000}`);
  });

  it('shortens the head of a short arrow and draws nothing for a zero vector', () => {
    expect(arrowPath({ x: 0, y: 0 }, { x: 0, y: 3 }, 2)).toBe('M 0 0 L 0 3 M -0.577 2 L 0 3 L 0.577 2');
    expect(arrowPath({ x: 1, y: 1 }, { x: 1, y: 1 }, 2)).toBe('');
  });
});
