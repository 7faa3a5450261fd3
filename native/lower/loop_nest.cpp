#include "lower/loop_nest.h"

namespace aotc::lower {

te::StmtPtr loopsAround(const std::vector<te::VarHandle>& vars,
                        const std::vector<te::ExprHandle>& sizes, te::StmtPtr body) {
  for (size_t d = vars.size(); d-- > 0;) {
    body = te::For::make(vars[d], te::ExprHandle(te::immLike(sizes[d], 0)), sizes[d], body);
  }
  return body;
}

}  // namespace aotc::lower
