import { useEffect, useState } from 'react';
import { formatValue } from './format';

interface LimitInputProps {
  label: string;
  value: number | undefined;
  onCommit: (value: number) => void;
  testId: string;
}

/** A number field that commits on Enter or blur; anything not a number reverts. */
export function LimitInput({ label, value, onCommit, testId }: LimitInputProps) {
  const shown = value === undefined ? '' : formatValue(value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    const parsed = Number(text);
    if (text.trim() !== '' && Number.isFinite(parsed)) onCommit(parsed);
    else setText(shown);
  };
  return (
    <label className="limit-input">
      {label}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}
