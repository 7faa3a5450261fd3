// setNumThreads(): the intra-op thread count of every later model run in this process.
import { native } from './native';

/**
 * Sets how many threads each later run of a compiled (or TorchScript) model may use inside its
 * convolutions, linear layers and other libtorch/oneDNN work (libtorch's at::set_num_threads,
 * OpenMP's and OpenBLAS's). Runs themselves execute one at a time on one compute thread.
 * The default is libtorch's: one per physical core.
 */
export function setNumThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new RangeError(`setNumThreads: expected an integer from 1 to 1024, got ${String(threads)}`);
  }
  native().setNumThreads(threads);
}
