// Convolution outputs are channels-last (NHWC) buffers (lower/conv_fusion.cpp). The ops that
// commonly follow them keep that layout when every tensor they read has it, rather than
// converting back to NCHW (a transposing copy: loads or stores a plane apart, which LLVM unrolls
// into thousands of scalar moves) for the next convolution to read in the layout it converts:
//   aten::max_pool2d                      -> aotc::max_pool2d_nhwc (ResNet's stem)
//   aten::cat along the channels          -> aotc::cat_nhwc (SqueezeNet's fire modules)
//   view, transpose(1, 2), contiguous,
//   view back (ShuffleNet's channel_shuffle) -> aotc::channel_shuffle_nhwc
//   prim::ConstantChunk of the channels   -> one aotc::slice_channels_nhwc per piece
//   aten::mul by a [N or 1, C, 1, 1] tensor
//   (a squeeze-excitation's scales)       -> aotc::scale_channels_nhwc
// (lower/max_pool2d.cpp, lower/channels_last_copies.cpp). Never for a method output, which the
// caller expects in its own layout. Every other op reads these buffers through their strides.
#include <algorithm>
#include <utility>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

#include "lower/fused_ops.h"
#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

bool writesChannelsLast(const Value* value) {
  const Node* node = value->node();
  const c10::Symbol kind = node->kind();
  if (kind == channelsLastMaxPoolSymbol() || kind == channelsLastCatSymbol() ||
      kind == channelsLastShuffleSymbol() || kind == channelsLastSliceSymbol() ||
      kind == channelsLastScaleSymbol()) {
    return true;
  }
  if (kind != fusedConvSymbol()) return false;
  auto flag = torch::jit::toIValue(node->input(kConvChannelsLastOutput));
  return flag && flag->isBool() && flag->toBool();
}

// A float 4-d value written channels-last (never a method output: see keepsChannelsLast).
bool isChannelsLastInput(const Value* value) {
  return writesChannelsLast(value) && isFloat4d(value);
}

bool keepsChannelsLast(const Graph& graph, const Value* output) {
  return isFloat4d(output) && !isMethodOutput(graph, output);
}

c10::optional<int64_t> constantInt(const Value* value) {
  auto ivalue = torch::jit::toIValue(value);
  if (!ivalue || !ivalue->isInt()) return c10::nullopt;
  return ivalue->toInt();
}

bool hasOneUse(const Value* value) { return value->uses().size() == 1; }

bool isPool(const Graph& graph, const Node* node) {
  return node->kind() == c10::aten::max_pool2d && node->inputs().size() == 6 &&
         isChannelsLastInput(node->input(0)) && keepsChannelsLast(graph, node->output());
}

bool isChannelCat(const Graph& graph, const Node* node) {
  if (node->kind() != c10::aten::cat || node->inputs().size() != 2) return false;
  const Node* list = node->input(0)->node();
  auto dim = constantInt(node->input(1));
  if (list->kind() != c10::prim::ListConstruct || list->inputs().empty() || !dim ||
      (*dim != 1 && *dim != -3)) {
    return false;
  }
  for (const Value* input : list->inputs()) {
    if (!isChannelsLastInput(input)) return false;
  }
  return keepsChannelsLast(graph, node->output());
}

bool isReshape(const Node* node) {
  return node->kind() == c10::aten::view || node->kind() == c10::aten::reshape;
}

struct Shuffle {
  Value* input;
  int64_t groups;
  std::vector<Node*> replaced;  // the chain, last first
};

// x.view(n, groups, c / groups, h, w).transpose(1, 2).contiguous().view(n, c, h, w), each
// step used once, ending at `last`: x's channels regrouped, channel j * groups + g taking x's
// channel g * (c / groups) + j.
c10::optional<Shuffle> channelShuffle(const Graph& graph, Node* last) {
  if (!isReshape(last) || !keepsChannelsLast(graph, last->output())) return c10::nullopt;
  Node* contiguous = last->input(0)->node();
  if (contiguous->kind() != c10::aten::contiguous || !hasOneUse(contiguous->output()) ||
      constantInt(contiguous->input(1)) != int64_t{0}) {  // torch.contiguous_format
    return c10::nullopt;
  }
  Node* transpose = contiguous->input(0)->node();
  if (transpose->kind() != c10::aten::transpose || !hasOneUse(transpose->output())) {
    return c10::nullopt;
  }
  auto a = constantInt(transpose->input(1)), b = constantInt(transpose->input(2));
  if (!a || !b || std::min(*a, *b) != 1 || std::max(*a, *b) != 2) return c10::nullopt;
  Node* grouped = transpose->input(0)->node();
  if (!isReshape(grouped) || !hasOneUse(grouped->output()) ||
      !isChannelsLastInput(grouped->input(0)) || !isCompleteTensor(grouped->output()) ||
      !isCompleteTensor(last->output()) || !isCompleteTensor(grouped->input(0))) {
    return c10::nullopt;
  }
  const std::vector<int64_t> x = concreteSizes(grouped->input(0));
  const std::vector<int64_t> split = concreteSizes(grouped->output());
  if (split.size() != 5 || split[0] != x[0] || split[1] * split[2] != x[1] || split[3] != x[2] ||
      split[4] != x[3] || concreteSizes(last->output()) != x) {
    return c10::nullopt;
  }
  return Shuffle{grouped->input(0), split[1], {last, contiguous, transpose, grouped}};
}

bool isChannelChunk(const Graph& graph, const Node* node) {
  if (node->kind() != c10::prim::ConstantChunk || !isChannelsLastInput(node->input(0)) ||
      !isCompleteTensor(node->input(0))) {
    return false;
  }
  int64_t dim = node->i(c10::attr::dim);
  if (dim != 1 && dim != -3) return false;
  for (const Value* piece : node->outputs()) {
    if (!keepsChannelsLast(graph, piece) || !isCompleteTensor(piece)) return false;
  }
  return true;
}

// x * s or s * x, x channels-last, s of sizes [N or 1, C, 1, 1] (x's N and C): the channels
// of x scaled. The channels-last operand first, then the scales.
c10::optional<std::pair<Value*, Value*>> channelScaling(const Graph& graph, const Node* node) {
  if (node->kind() != c10::aten::mul || node->inputs().size() != 2 ||
      !keepsChannelsLast(graph, node->output()) || !isCompleteTensor(node->output())) {
    return c10::nullopt;
  }
  for (size_t i : {0, 1}) {
    Value* x = node->input(i);
    Value* s = node->input(1 - i);
    if (!isChannelsLastInput(x) || !isCompleteTensor(x) || !isFloat4d(s) ||
        !isCompleteTensor(s)) {
      continue;
    }
    const std::vector<int64_t> xs = concreteSizes(x);
    const std::vector<int64_t> ss = concreteSizes(s);
    if (xs == concreteSizes(node->output()) && (ss[0] == xs[0] || ss[0] == 1) && ss[1] == xs[1] &&
        ss[2] == 1 && ss[3] == 1) {
      return std::make_pair(x, s);
    }
  }
  return c10::nullopt;
}

// `kind`(inputs), which writes channels-last, inserted before `node` to stand for its output
// `replaced` (its type, source line and uses).
void standIn(Graph& graph, Node* node, Value* replaced, c10::Symbol kind,
             at::ArrayRef<Value*> inputs) {
  Node* nhwc = graph.create(kind, inputs);
  nhwc->insertBefore(node);
  nhwc->setSourceRange(node->sourceRange());
  nhwc->output()->setType(replaced->type());
  replaced->replaceAllUsesWith(nhwc->output());
}

// `node`'s one output replaced by `kind`(inputs).
void replaceWith(Graph& graph, Node* node, c10::Symbol kind, at::ArrayRef<Value*> inputs) {
  standIn(graph, node, node->output(), kind, inputs);
  node->destroy();
}

void replaceShuffle(Graph& graph, const Shuffle& shuffle) {
  torch::jit::WithInsertPoint guard(shuffle.replaced.front());
  Value* groups = graph.insertConstant(shuffle.groups);
  replaceWith(graph, shuffle.replaced.front(), channelsLastShuffleSymbol(),
              {shuffle.input, groups});
  for (size_t i = 1; i < shuffle.replaced.size(); ++i) shuffle.replaced[i]->destroy();
}

// Each piece: the channels [start, start + its own count) of the input.
void replaceChunk(Graph& graph, Node* chunk) {
  torch::jit::WithInsertPoint guard(chunk);
  int64_t start = 0;
  for (Value* piece : chunk->outputs()) {
    int64_t end = start + concreteSizes(piece)[1];
    standIn(graph, chunk, piece, channelsLastSliceSymbol(),
            {chunk->input(0), graph.insertConstant(start), graph.insertConstant(end)});
    start = end;
  }
  chunk->destroy();
}

}  // namespace

void keepChannelsLast(Graph& graph) {
  registerFusedOps();
  // In graph order, so that what reads a rewritten op sees it rewritten already.
  for (auto it = graph.nodes().begin(); it != graph.nodes().end();) {
    Node* node = *it;
    ++it;  // `node` (and the nodes before it) may be replaced below; the next one stays
    if (isPool(graph, node)) {
      replaceWith(graph, node, channelsLastMaxPoolSymbol(), node->inputs());
    } else if (isChannelCat(graph, node)) {
      replaceWith(graph, node, channelsLastCatSymbol(), node->inputs());
    } else if (auto shuffle = channelShuffle(graph, node)) {
      replaceShuffle(graph, *shuffle);
    } else if (isChannelChunk(graph, node)) {
      replaceChunk(graph, node);
    } else if (auto scaling = channelScaling(graph, node)) {
      replaceWith(graph, node, channelsLastScaleSymbol(), {scaling->first, scaling->second});
    }
  }
}

}  // namespace aotc::lower
