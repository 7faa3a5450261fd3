// The optional onnxruntime-node column. onnxruntime-node is not a dependency: it is installed
// only for benchmarking (see README), and the bench skips it with a note when it is missing.
import type { Tensor } from '../native';

/** The part of onnxruntime-node's API the bench uses. */
interface OrtTensor {
  readonly dims: readonly number[];
}
interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
interface OrtModule {
  Tensor: new (type: string, data: Tensor['data'], dims: readonly number[]) => OrtTensor;
  InferenceSession: {
    create(
      path: string,
      options: { intraOpNumThreads: number; interOpNumThreads: number; executionMode: 'sequential'; graphOptimizationLevel: 'all' },
    ): Promise<OrtSession>;
  };
}

export type OrtLoad = { ok: true; ort: OrtModule; version: string } | { ok: false; note: string };

/** require('onnxruntime-node'), or why it is unavailable. */
export function loadOnnxRuntime(): OrtLoad {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const ort = require('onnxruntime-node') as OrtModule;
    let version = 'unknown';
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      version = (require('onnxruntime-node/package.json') as { version: string }).version;
    } catch {
      // the version is informative only
    }
    return { ok: true, ort, version };
  } catch (error) {
    return {
      ok: false,
      note:
        'onnxruntime-node is not installed: skipped (install it for benchmarking with ' +
        '`ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node`): ' +
        (error as Error).message.split('\n')[0],
    };
  }
}

/** One session of an ONNX model at a thread count, timed run by run from Node. */
export class OrtRunner {
  private constructor(
    private readonly session: OrtSession,
    private readonly feeds: Record<string, OrtTensor>,
  ) {}

  static async create(ort: OrtModule, onnxPath: string, inputs: readonly Tensor[], threads: number): Promise<OrtRunner> {
    const session = await ort.InferenceSession.create(onnxPath, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    if (session.inputNames.length !== inputs.length) {
      throw new Error(`${onnxPath} takes ${session.inputNames.length} inputs, the model ${inputs.length}`);
    }
    const feeds: Record<string, OrtTensor> = {};
    session.inputNames.forEach((name, i) => {
      feeds[name] = new ort.Tensor(inputs[i].dtype, inputs[i].data, inputs[i].shape);
    });
    return new OrtRunner(session, feeds);
  }

  async run(): Promise<void> {
    await this.session.run(this.feeds);
  }

  async release(): Promise<void> {
    await this.session.release?.();
  }
}
