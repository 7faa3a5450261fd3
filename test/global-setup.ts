// Jest global setup: build the CLI if stale and the fixture models if missing, so that
// `npm test` works on its own after `npm run setup`.
import { ensureBuiltCli, ensureFixtures } from './helpers/build';

export default function globalSetup(): void {
  ensureBuiltCli();
  ensureFixtures();
}
