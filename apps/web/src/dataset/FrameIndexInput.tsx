import { useEffect, useState } from 'react';

interface FrameIndexInputProps {
  index: number;
  frames: number;
  onChange: (index: number) => void;
}

/** A frame number field that commits on Enter or blur and keeps within 0..frames-1. */
export function FrameIndexInput({ index, frames, onChange }: FrameIndexInputProps) {
  const [text, setText] = useState(String(index));
  useEffect(() => setText(String(index)), [index]);

  const clamp = (value: number) => Math.min(Math.max(value, 0), Math.max(frames - 1, 0));
  const change = (next: string) => {
    setText(next);
    const value = Number.parseInt(next, 10);
    if (Number.isInteger(value) && value === clamp(value)) onChange(value);
  };
  const commit = () => {
    const value = Number.parseInt(text, 10);
    if (Number.isInteger(value)) onChange(clamp(value));
    setText(String(Number.isInteger(value) ? clamp(value) : index));
  };

  return (
    <label className="frame-index">
      <span>Frame</span>
      <input
        type="number"
        min={0}
        max={Math.max(frames - 1, 0)}
        value={text}
        onChange={(e) => change(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid="frame-index"
      />
    </label>
  );
}
