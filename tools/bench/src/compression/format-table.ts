import type { CompressionReport, CompressionRow } from './report';

/**
 * The report as Markdown: a header with machine and versions, one table row per measurement
 * (grouped by sample, in survey order), the samples' legend, and what was skipped.
 */
export function formatCompressionTable(report: CompressionReport): string {
  const { machine } = report;
  const codecs = new Map(report.codecs.map((c) => [c.id, c]));
  const lines = [
    `Compression survey, ${report.createdAt}: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node} (${machine.platform})`,
    `load average at start ${machine.loadAverageStart.join(' / ')}, at end ${machine.loadAverageEnd.join(' / ')}; ` +
      `${report.settings.seconds} s per direction in ${report.settings.rounds} rounds (median round shown)`,
    `versions: ${Object.entries(report.versions).map(([name, version]) => `${name} ${version}`).join(', ')}`,
    'GB/s = uncompressed bytes per second / 1e9; pooled: c = compressed output reused, d = decompressed output reused, - = new array per call',
    '',
    '| sample | codec | MiB | ratio | compress GB/s | decompress GB/s | pooled | exact |',
    '|---|---|--:|--:|--:|--:|---|---|',
  ];
  for (const row of report.rows) {
    const codec = codecs.get(row.codec);
    const pooled = [codec?.pooledCompress ? 'c' : '', codec?.pooledDecompress ? 'd' : ''].join(' ').trim() || '-';
    lines.push(`| ${row.sample} | ${row.codec} | ${(row.bytes / 2 ** 20).toFixed(2)} | ${row.ratio.toFixed(2)} | ${speed(row.compressGBps)} | ${speed(row.decompressGBps)} | ${pooled} | ${row.exact ? 'yes' : 'NO'} |`);
  }
  lines.push('', 'Samples:');
  for (const s of report.samples) {
    lines.push(`- ${s.id} (${s.origin}, ${s.dtype} ${s.shape.join('×')}): ${s.description}${s.path ? ` [${s.path}]` : ''}`);
  }
  lines.push('', 'Codecs:');
  for (const c of report.codecs) lines.push(`- ${c.id}: ${c.description} (${c.library})`);
  if (report.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const skip of report.skipped) lines.push(`- ${skip.what}: ${skip.reason}`);
  }
  return lines.join('\n');
}

/** Two decimals below 10 GB/s, one above: the noise on a shared machine is larger than that. */
function speed(gbps: CompressionRow['compressGBps']): string {
  return gbps < 10 ? gbps.toFixed(2) : gbps.toFixed(1);
}
