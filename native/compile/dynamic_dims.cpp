#include "compile/dynamic_dims.h"

#include <map>
#include <sstream>
#include <stdexcept>

namespace aotc::compile {
namespace {

using torch::jit::Node;
using torch::jit::Value;

std::string shapeText(const std::vector<int64_t>& sizes) {
  std::ostringstream out;
  out << '[';
  for (size_t i = 0; i < sizes.size(); ++i) out << (i ? "," : "") << sizes[i];
  out << ']';
  return out.str();
}

// "%x (aten::conv2d at model.py:12)" for messages.
std::string describe(const Value& value) {
  std::ostringstream out;
  out << '%' << value.debugName();
  const Node* node = value.node();
  if (node->kind() == c10::prim::Param) {
    out << " (a model input)";
  } else {
    out << " (" << node->kind().toQualString();
    if (node->kind() == c10::prim::Constant) out << ", a constant such as a weight";
    if (auto source = node->sourceRange().file_line_col()) {
      out << " at " << std::get<0>(*source) << ':' << std::get<1>(*source);
    }
    out << ')';
  }
  return out.str();
}

class DimMarker {
 public:
  DimMarker(const MethodSpec& spec, const std::vector<InputDim>& dims)
      : valueForm_(spec.dynamicDims.empty()) {
    for (const auto& dim : dims) {
      int64_t size = spec.sizes[dim.input][dim.dim];
      if (!symbolOfSize_.count(size)) {
        int64_t symbol = c10::ShapeSymbol::newSymbol().value();
        symbolOfSize_[size] = symbol;
        symbols_.push_back(symbol);
      }
    }
  }

  const std::vector<int64_t>& symbols() const { return symbols_; }

  void mark(Value& value, const Value& grown) const {
    auto type = value.type()->cast<c10::TensorType>();
    auto grownType = grown.type()->cast<c10::TensorType>();
    if (!type || !grownType) return;
    auto sizes = type->sizes().concrete_sizes();
    auto grownSizes = grownType->sizes().concrete_sizes();
    if (!sizes || !grownSizes) return;  // unshaped values fail later, in the kernel, by name
    if (sizes->size() != grownSizes->size()) {
      throw std::invalid_argument("dynamic dims: the rank of " + describe(value) +
                                  " changes with the dynamic size");
    }
    std::vector<c10::ShapeSymbol> shape;
    bool symbolic = false;
    for (size_t d = 0; d < sizes->size(); ++d) {
      int64_t size = (*sizes)[d], grownSize = (*grownSizes)[d];
      auto symbol = symbolOfSize_.find(size);
      if (size == grownSize) {
        if (valueForm_ && symbol != symbolOfSize_.end()) throw collision(value, *sizes, d);
        shape.push_back(c10::ShapeSymbol::fromStaticSize(size));
      } else if (symbol != symbolOfSize_.end() && grownSize == size + 1) {
        shape.push_back(c10::ShapeSymbol::fromStaticSize(symbol->second));  // negative: symbolic
        symbolic = true;
      } else {
        throw std::invalid_argument(
            "dynamic dims: dimension " + std::to_string(d) + " of " + describe(value) + " is " +
            std::to_string(size) + ", and " + std::to_string(grownSize) +
            " when the dynamic dimensions grow by one: a size computed from a dynamic dimension "
            "(other than the dimension itself) cannot be compiled dynamic");
      }
    }
    if (symbolic) value.setType(type->withSymbolicShapes(c10::SymbolicShape(shape)));
  }

 private:
  std::invalid_argument collision(const Value& value, const std::vector<int64_t>& sizes,
                                  size_t dim) const {
    int64_t size = sizes[dim];
    return std::invalid_argument(
        "dynamic dims: the dynamic size " + std::to_string(size) + " also appears in " +
        describe(value) + ", shape " + shapeText(sizes) + " (dimension " + std::to_string(dim) +
        "), which does not vary with the dynamic input dimensions; upstream's size-value form "
        "would have made it dynamic too. Mark exactly the dynamic dimensions with the "
        "input:dim form instead (e.g. --dynamic_dims=0:0 for the first input's first "
        "dimension), or compile with a size that occurs nowhere else");
  }

  bool valueForm_;
  std::map<int64_t, int64_t> symbolOfSize_;
  std::vector<int64_t> symbols_;
};

}  // namespace

MethodSpec withGrownDims(const MethodSpec& spec, const std::vector<InputDim>& dims) {
  MethodSpec grown = spec;
  for (const auto& dim : dims) grown.sizes[dim.input][dim.dim] = spec.sizes[dim.input][dim.dim] + 1;
  return grown;
}

std::vector<int64_t> markDynamicDims(torch::jit::Graph& graph, const torch::jit::Graph& grown,
                                     const MethodSpec& spec, const std::vector<InputDim>& dims) {
  DimMarker marker(spec, dims);
  auto structureError = [] {
    return std::invalid_argument(
        "dynamic dims: the model's graph changes with the dynamic size (its control flow or "
        "shape arithmetic depends on it); compile it with static sizes, or with another size");
  };
  if (graph.inputs().size() != grown.inputs().size()) throw structureError();
  for (size_t i = 0; i < graph.inputs().size(); ++i) marker.mark(*graph.inputs()[i], *grown.inputs()[i]);

  auto nodes = graph.nodes();
  auto grownNodes = grown.nodes();
  auto it = nodes.begin();
  auto grownIt = grownNodes.begin();
  for (; it != nodes.end() && grownIt != grownNodes.end(); ++it, ++grownIt) {
    if (it->kind() != grownIt->kind() || it->outputs().size() != grownIt->outputs().size()) {
      throw structureError();
    }
    for (size_t o = 0; o < it->outputs().size(); ++o) {
      marker.mark(*it->outputs()[o], *grownIt->outputs()[o]);
    }
  }
  if (it != nodes.end() || grownIt != grownNodes.end()) throw structureError();

  for (size_t s = 0; s < marker.symbols().size(); ++s) {
    graph.addInput("sym_shape_" + std::to_string(s))->setType(c10::IntType::get());
  }
  return marker.symbols();
}

}  // namespace aotc::compile
