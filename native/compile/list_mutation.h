// Lists of a straight-line (traced) graph that aten::append grows, as DenseNet grows its list
// of features between concatenations of it. libtorch's RemoveListMutation rewrites an append
// only while the list has not been read yet; the kernel builder reads a list's elements from
// its prim::ListConstruct, so every later append would be lost and the kernel would compute
// with the list's first contents: silently wrong results.
#pragma once

#include <torch/csrc/jit/ir/ir.h>

namespace aotc::compile {

// Each read of an appended-to list becomes a read of a new prim::ListConstruct of what the
// list holds at that point; the appends go. Throws std::invalid_argument for a list that is
// mutated any other way (insert, pop, item assignment, ...), or that is appended to and also
// returned or used inside a nested block.
void removeListAppends(torch::jit::Graph& graph);

}  // namespace aotc::compile
