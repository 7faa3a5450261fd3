// The fixture models and how to compile them (see test/fixtures/make_models.py).

export interface FixtureModel {
  /** File name without .pt, as built by make_models.py. */
  name: string;
  inputDims: string;
  inputTypes?: string;
  /** Max relative error allowed against the TorchScript model. */
  tolerance: number;
  /** Memory formats for a channels_last variant, when a 4-d input makes it meaningful. */
  channelsLast?: string;
  /** Range of random float inputs. */
  floatRange?: { low: number; high: number };
}

/** Pointwise models: 1e-5; reductions or external calls (conv, matmul): 1e-4. */
export const POINTWISE_TOLERANCE = 1e-5;
export const REDUCTION_TOLERANCE = 1e-4;

export const FIXTURE_MODELS: readonly FixtureModel[] = [
  { name: 'add10', inputDims: '2,2,2', tolerance: POINTWISE_TOLERANCE },
  {
    name: 'pointwise',
    inputDims: '2,3,4,5',
    tolerance: POINTWISE_TOLERANCE,
    channelsLast: 'channels_last',
    floatRange: { low: -3, high: 3 },
  },
  { name: 'two_in_two_out', inputDims: '2,3,4;2,3,4', tolerance: POINTWISE_TOLERANCE },
  { name: 'int_inputs', inputDims: '2,8;2,8', inputTypes: 'uint8;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'reductions', inputDims: '4,8', tolerance: REDUCTION_TOLERANCE },
  { name: 'conv_relu', inputDims: '1,3,8,8', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'conv_fusion', inputDims: '2,3,20,18', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'conv_concat', inputDims: '2,3,13,15', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'squeeze_excite', inputDims: '2,3,9,10', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'dense_block', inputDims: '2,3,9,10', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'gelu_linear', inputDims: '2,5,12', tolerance: REDUCTION_TOLERANCE, floatRange: { low: -3, high: 3 } },
  { name: 'matmul_bias', inputDims: '4,6', tolerance: REDUCTION_TOLERANCE },
  { name: 'batched_matmul', inputDims: '2,3,8,16;1,3,16,12;16,12', tolerance: REDUCTION_TOLERANCE },
  { name: 'indexing', inputDims: '2,5,7;2,6,4', tolerance: POINTWISE_TOLERANCE },
  { name: 'receiver_name', inputDims: '2,4', tolerance: REDUCTION_TOLERANCE },
  { name: 'softmax_rows', inputDims: '3,6,9', tolerance: REDUCTION_TOLERANCE },
  { name: 'remainder_frac', inputDims: '3,7;3,7', inputTypes: 'float;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'extremes', inputDims: '3,7,5;3,7,5', inputTypes: 'float;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'division', inputDims: '3,7;3,7', inputTypes: 'float;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'pad_stack', inputDims: '2,3,6,5', tolerance: POINTWISE_TOLERANCE },
  { name: 'norms', inputDims: '3,4,5', tolerance: REDUCTION_TOLERANCE },
  { name: 'avg_pools', inputDims: '2,3,9,11', tolerance: REDUCTION_TOLERANCE, channelsLast: 'channels_last' },
  { name: 'cumsum_flip_repeat', inputDims: '3,4,5;3,4,5', inputTypes: 'float;int64', tolerance: REDUCTION_TOLERANCE },
  { name: 'misc_elementwise', inputDims: '4,6;4,6', inputTypes: 'float;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'topk', inputDims: '4,9;4,9', inputTypes: 'float;int64', tolerance: POINTWISE_TOLERANCE },
  { name: 'prod_amax_dims', inputDims: '3,4,5;3,4,5', inputTypes: 'float;int64', tolerance: REDUCTION_TOLERANCE },
  {
    name: 'index_gather',
    inputDims: '10,12;3,5;7;3,5',
    inputTypes: 'float;int64;int64;int64',
    tolerance: POINTWISE_TOLERANCE,
  },
  { name: 'hypot_copysign_roll', inputDims: '4,6;4,6;4,6', inputTypes: 'float;float;int64', tolerance: POINTWISE_TOLERANCE },
];
