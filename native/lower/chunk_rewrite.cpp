// aten::chunk, whose list is unpacked (prim::ListUnpack) or indexed with constants
// (aten::__getitem__), becomes prim::ConstantChunk (lowered by NNC) when the chunks are equal,
// else one aten::slice per piece (lowered by this project).
#include <torch/csrc/jit/ir/ir.h>

#include "lower/graph_rewrite.h"
#include "lower/value_types.h"

namespace aotc::lower {
namespace {

using torch::jit::Node;
using torch::jit::Value;

struct ChunkShape {
  std::vector<int64_t> sizes;  // of the input
  int64_t dim;
  int64_t step;    // torch.chunk: pieces of ceil(size / chunks), the last one shorter
  int64_t pieces;  // ceil(size / step): can be fewer than `chunks`
  bool equal;
};

c10::optional<ChunkShape> chunkShape(const Node* chunk) {
  auto chunks = torch::jit::toIValue(chunk->input(1));
  auto dim = torch::jit::toIValue(chunk->input(2));
  auto type = chunk->input(0)->type()->cast<c10::TensorType>();
  auto sizes = type ? type->sizes().concrete_sizes() : c10::nullopt;
  if (!chunks || !chunks->isInt() || !dim || !dim->isInt() || !sizes) return c10::nullopt;
  auto rank = static_cast<int64_t>(sizes->size());
  int64_t d = dim->toInt() < 0 ? dim->toInt() + rank : dim->toInt();
  int64_t n = chunks->toInt();
  if (d < 0 || d >= rank || n <= 0 || (*sizes)[d] == 0) return c10::nullopt;
  int64_t size = (*sizes)[d];
  int64_t step = (size + n - 1) / n;
  return ChunkShape{*sizes, d, step, (size + step - 1) / step, size % n == 0};
}

// Every use unpacks the list or takes a constant element of it.
bool usesAreStatic(const Node* chunk, int64_t pieces) {
  for (const auto& use : chunk->output()->uses()) {
    auto kind = use.user->kind();
    if (kind == c10::prim::ListUnpack) {
      if (static_cast<int64_t>(use.user->outputs().size()) != pieces) return false;
    } else if (kind == c10::aten::__getitem__) {
      auto index = torch::jit::toIValue(use.user->input(1));
      if (!index || !index->isInt() || index->toInt() >= pieces || index->toInt() < -pieces) {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

std::vector<Value*> makePieces(torch::jit::Graph& graph, Node* chunk, const ChunkShape& shape) {
  torch::jit::WithInsertPoint guard(chunk);
  Value* input = chunk->input(0);
  std::vector<Value*> pieces;
  if (shape.equal) {
    auto* node = graph.insertNode(graph.create(c10::prim::ConstantChunk, {input}, shape.pieces));
    node->i_(c10::attr::chunks, shape.pieces);
    node->i_(c10::attr::dim, shape.dim);
    for (auto* output : node->outputs()) pieces.push_back(output);
  } else {
    for (int64_t i = 0; i < shape.pieces; ++i) {
      int64_t start = i * shape.step;
      int64_t end = std::min(shape.sizes[shape.dim], start + shape.step);
      pieces.push_back(graph.insert(c10::aten::slice, {input, shape.dim, start, end, 1}));
    }
  }
  for (int64_t i = 0; i < shape.pieces; ++i) {
    auto sizes = shape.sizes;
    sizes[shape.dim] = std::min(shape.sizes[shape.dim] - i * shape.step, shape.step);
    setContiguousType(pieces[i], sizes, input);
  }
  return pieces;
}

void replaceUses(Node* chunk, const std::vector<Value*>& pieces) {
  std::vector<Node*> users;
  for (const auto& use : chunk->output()->uses()) users.push_back(use.user);
  for (auto* user : users) {
    if (user->kind() == c10::prim::ListUnpack) {
      for (size_t i = 0; i < pieces.size(); ++i) user->output(i)->replaceAllUsesWith(pieces[i]);
    } else {
      int64_t index = torch::jit::toIValue(user->input(1))->toInt();
      if (index < 0) index += static_cast<int64_t>(pieces.size());
      user->output()->replaceAllUsesWith(pieces[index]);
    }
    user->destroy();
  }
}

}  // namespace

void rewriteChunks(torch::jit::Graph& graph) {
  std::vector<Node*> chunks;
  for (auto* node : graph.nodes()) {
    if (node->kind() == c10::aten::chunk) chunks.push_back(node);
  }
  for (auto* chunk : chunks) {
    auto shape = chunkShape(chunk);
    if (!shape || !usesAreStatic(chunk, shape->pieces)) continue;
    replaceUses(chunk, makePieces(graph, chunk, *shape));
    chunk->destroy();
  }
}

}  // namespace aotc::lower
