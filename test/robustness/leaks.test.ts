// A shorter `npm run soak`: compile-then-run cycles and many runs of one loaded model, in a
// fresh process (node --expose-gc, so the figures are not the test runner's), must not grow
// resident memory. Bounds are generous; the full soak (200 cycles, 10,000 runs) holds 10%/5%.
import * as path from 'path';
import { runNode } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

interface SoakReport {
  gc: boolean;
  rssAfterWarmupMB: number;
  rssAfterCyclesMB: number;
  cycleGrowth: number;
  rssAfterFirstTenthOfRunsMB: number;
  rssAfterRunsMB: number;
  runGrowth: number;
}

describe('no leaks', () => {
  test('30 compile+run cycles and 2,000 runs of one model keep resident memory flat', async () => {
    const result = await runNode([
      '--expose-gc',
      path.join(repoRoot, 'scripts', 'soak.js'),
      '--cycles', '30', '--warmup', '10', '--runs', '2000', '--json',
    ]);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as SoakReport;
    expect(report.gc).toBe(true);
    // Printed with the failure, if any: the RSS figures behind the growth.
    const figures = `${JSON.stringify(report)}`;
    expect({ cycleGrowth: report.cycleGrowth < 0.25, figures }).toEqual({ cycleGrowth: true, figures });
    expect({ runGrowth: report.runGrowth < 0.1, figures }).toEqual({ runGrowth: true, figures });
  });
});
