// Shapes as the user types and reads them: "128x128", "128 × 128", "128,128". Pure.

/** Parses a shape; '' → undefined (not given); throws with a message on nonsense. */
export function parseShape(text: string): number[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const parts = trimmed.split(/\s*[x×,*]\s*|\s+/i);
  const dims = parts.map((p) => Number(p));
  if (!dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`"${text}" is not a shape: write positive whole numbers separated by x, e.g. 128x128`);
  }
  return dims;
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? '()' : shape.join(' × ');
}
