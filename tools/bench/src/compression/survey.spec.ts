import { compressionSurvey, formatCompressionTable } from './index';
import { REAL_FILES } from './real-samples';

describe('compressionSurvey', () => {
  it('measures the real files and synthetic kinds and reports what it could not load', async () => {
    const lines: string[] = [];
    const report = await compressionSurvey({ seconds: 0.001, onProgress: (l) => lines.push(l) });
    const sampleIds = report.samples.map((s) => s.id);
    expect(sampleIds).toEqual([...REAL_FILES.map((f) => f.id), 'synthetic-sparse', 'synthetic-dense', 'result-sum-f32', 'result-sum-f64', 'result-com-f32']);
    const codecIds = new Set(report.rows.map((r) => r.codec));
    for (const id of ['memcpy', 'copy-fresh', 'lz4', 'lz4-frame', 'shuffle+lz4', 'zstd-1']) expect(codecIds).toContain(id);
    expect(report.rows.length).toBe(sampleIds.length * report.codecs.length);
    expect(report.rows.every((r) => r.exact)).toBe(true);
    expect(report.samples.find((s) => s.id === 'mib-12bit')).toMatchObject({ origin: 'real', dtype: 'uint16', shape: [9, 512, 512] });
    expect(lines.length).toBe(report.rows.length + report.skipped.length);
    expect(formatCompressionTable(report)).toContain('| mib-12bit | lz4 |');
  });
});
