// The individual lowerings (one file each) and the argument helpers they share.
// Each has NNC's lowering signature: (args, output shape, output strides, dtype, device).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <torch/csrc/jit/tensorexpr/lowerings.h>

namespace aotc::lower {

namespace te = torch::jit::tensorexpr;

#define AOTC_LOWERING(name)                                                               \
  te::Tensor name(const std::vector<te::ArgValue>& args,                                  \
                  const std::vector<te::ExprHandle>& outputShape,                         \
                  const std::vector<te::ExprHandle>& outputStrides,                       \
                  const c10::optional<c10::ScalarType>& outputType, at::Device device)

// 2-d products with fewer multiply-adds than this are loop nests, not library calls (NNC's
// own threshold for its 2-d matmul).
constexpr int64_t kMatmulLoopNestLimit = 1000;

AOTC_LOWERING(lowerLinear);
AOTC_LOWERING(lowerMatmul);
AOTC_LOWERING(lowerTransposedMatmul);
AOTC_LOWERING(lowerMaxPool2d);
AOTC_LOWERING(lowerAvgPool2d);
AOTC_LOWERING(lowerMaxPool2dChannelsLast);
AOTC_LOWERING(lowerCatChannelsLast);
AOTC_LOWERING(lowerChannelShuffleChannelsLast);
AOTC_LOWERING(lowerSliceChannelsChannelsLast);
AOTC_LOWERING(lowerScaleChannelsChannelsLast);
AOTC_LOWERING(lowerLayerNorm);
AOTC_LOWERING(lowerSoftmax);
AOTC_LOWERING(lowerLogSoftmax);
AOTC_LOWERING(lowerRemainder);
AOTC_LOWERING(lowerFrac);
AOTC_LOWERING(lowerDiv);
AOTC_LOWERING(lowerFloorDivide);
AOTC_LOWERING(lowerConstantPad);
AOTC_LOWERING(lowerPad);
AOTC_LOWERING(lowerNorm);
AOTC_LOWERING(lowerVectorNorm);
AOTC_LOWERING(lowerClampMin);
AOTC_LOWERING(lowerClampMax);
AOTC_LOWERING(lowerCumsum);
AOTC_LOWERING(lowerFlip);
AOTC_LOWERING(lowerRepeat);
AOTC_LOWERING(lowerNanToNum);
AOTC_LOWERING(lowerLogit);
AOTC_LOWERING(lowerSignbit);
AOTC_LOWERING(lowerAddcdiv);
AOTC_LOWERING(lowerHypot);
AOTC_LOWERING(lowerCopysign);
AOTC_LOWERING(lowerFullLike);
AOTC_LOWERING(lowerRoll);
AOTC_LOWERING(lowerExtremeValues);
AOTC_LOWERING(lowerExtremeIndex);
AOTC_LOWERING(lowerAmax);
AOTC_LOWERING(lowerAmin);
AOTC_LOWERING(lowerProd);
AOTC_LOWERING(lowerTopkIndices);
AOTC_LOWERING(lowerEmbedding);
AOTC_LOWERING(lowerIndexSelect);
AOTC_LOWERING(lowerGather);
AOTC_LOWERING(lowerSlice);
AOTC_LOWERING(lowerSelect);
AOTC_LOWERING(lowerFlatten);
AOTC_LOWERING(lowerMaximum);
AOTC_LOWERING(lowerMinimum);
AOTC_LOWERING(lowerFusedConv2d);
AOTC_LOWERING(lowerFusedLinear);

// Argument access; each throws std::runtime_error naming `op` when the argument has
// another kind.
te::BufHandle bufArg(const std::vector<te::ArgValue>& args, size_t i, const char* op);
bool isNoneArg(const std::vector<te::ArgValue>& args, size_t i);
int64_t intArg(const std::vector<te::ArgValue>& args, size_t i, const char* op);
double doubleArg(const std::vector<te::ArgValue>& args, size_t i, const char* op);
// A bool (or int) argument; `fallback` when absent or None.
bool boolArg(const std::vector<te::ArgValue>& args, size_t i, bool fallback);
// The dtype of the first tensor argument (an op's operands may be numbers too).
te::Dtype firstTensorDtype(const std::vector<te::ArgValue>& args, const char* op);
// An int[N] argument: a list, or one int standing for all N (as aten's int[2] accepts).
std::vector<int64_t> intListArg(const std::vector<te::ArgValue>& args, size_t i, size_t n,
                                const char* op);
// A dimension's compile-time value; nullopt (knownDim) or a throw (staticDim) when symbolic.
std::optional<int64_t> knownDim(const te::ExprHandle& dim);
int64_t staticDim(const te::ExprHandle& dim, const char* op);
// `d` in [0, rank), from Python's [-rank, rank); throws naming `op` beyond.
int64_t normalizedDim(int64_t d, int64_t rank, const char* op);
// `x` at `index`, converted to `dtype` when its own differs.
te::ExprHandle loadAs(const te::BufHandle& x, const std::vector<te::ExprHandle>& index, te::Dtype dtype);
te::Dtype dtypeOr(const c10::optional<c10::ScalarType>& type, te::Dtype fallback);
// A double as the int64 bit pattern NNC's external calls receive it as (extra_args).
te::ExprHandle doubleBits(double value);

}  // namespace aotc::lower
