// The bench report as a text table: per model and thread count, each column's median (min)
// in ms and its ratio to the compiled model; GFLOP/s of the compiled model; the Node overhead.
import { VARIANTS } from './report';
import type { BenchReport, VariantResult } from './report';

function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  if (value >= 0.01) return value.toFixed(3);
  return value.toFixed(4);
}

function cell(v: VariantResult | null, base: boolean): string {
  if (!v) return '-';
  const ratio = base ? '' : ` ${v.ratio.toFixed(2)}x`;
  return `${ms(v.medianMs)} (${ms(v.minMs)})${ratio}`;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((text, c) => (c < 2 ? text.padEnd(widths[c]) : text.padStart(widths[c]))).join('  '));
}

export function formatTable(report: BenchReport): string {
  const header = ['model', 'thr', ...VARIANTS, 'GFLOP/s', 'node-us'];
  const rows: string[][] = [header];
  for (const model of report.models) {
    for (const r of model.results) {
      const gflops = r.variants.compiled?.gflops;
      rows.push([
        model.name,
        String(r.threads),
        ...VARIANTS.map((name) => cell(r.variants[name], name === 'compiled')),
        gflops === null || gflops === undefined ? '-' : gflops.toFixed(1),
        Number.isFinite(r.apiOverheadUs) ? r.apiOverheadUs.toFixed(1) : '-',
      ]);
    }
  }
  const lines = [
    'median (min) ms per run; Nx = that column\'s median / the compiled model\'s (above 1: compiled is faster);',
    'node-us = median per run of run()\'s wall time minus the time spent in the compiled function',
    ...(report.settings.matmulPrecision !== 'highest'
      ? [`compiled with matmul precision '${report.settings.matmulPrecision}' (the others compute in float32)`]
      : []),
    ...pad(rows),
    '',
    'compile (child process): ' +
      report.models.map((m) => `${m.name} ${(m.compile.compileMs / 1000).toFixed(2)} s, ${m.compile.peakRssMb.toFixed(0)} MB peak RSS`).join('; '),
    `host: ${report.host.cpu}, ${report.host.cores} cores; OpenBLAS kernels: ${report.host.blas ?? 'none (no OpenBLAS)'}`,
    'max error vs the original: ' +
      report.models.map((m) => `${m.name} abs ${m.maxAbsError.toExponential(1)} rel ${m.maxRelError.toExponential(1)}`).join('; '),
  ];
  const notes = [...new Set([...report.notes, ...report.models.flatMap((m) => m.notes.map((n) => `${m.name}: ${n}`))])];
  for (const note of notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
