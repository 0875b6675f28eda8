import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';
import { maskFromFile, type MaskParam } from './mask-file';

/** Chooses a `.npy` or PNG file and turns it into the mask parameter (weights as base64 float32). */
export function MaskUploadField({ formData, onChange, schema, fieldPathId }: FieldProps) {
  const [error, setError] = useState<string | null>(null);
  const mask = formData as MaskParam | undefined;
  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      setError(null);
      onChange(await maskFromFile(file), fieldPathId.path);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="mask-upload">
      <label>
        {schema.title ?? 'Mask'}
        <input type="file" accept=".npy,.png,image/png" data-testid="mask-upload" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      <span className="mask-upload-status">{mask?.shape ? `${mask.shape[0]} × ${mask.shape[1]} weights loaded` : 'no mask chosen'}</span>
      {error && <span className="mask-upload-error" role="alert">{error}</span>}
    </div>
  );
}
