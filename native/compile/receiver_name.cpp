#include "compile/receiver_name.h"

#include <stdexcept>
#include <vector>

namespace aotc::compile {

void nameReceiverSelf(torch::jit::Module& module, const std::string& method) {
  torch::jit::Function& function = module.get_method(method).function();
  const c10::FunctionSchema& schema = function.getSchema();
  const std::vector<c10::Argument>& arguments = schema.arguments();
  if (arguments.empty() || arguments.front().name() == "self") return;
  for (size_t i = 1; i < arguments.size(); ++i) {
    if (arguments[i].name() == "self") {
      throw std::invalid_argument("method '" + method + "' names its receiver '" +
                                  arguments.front().name() +
                                  "' and another parameter 'self': rename that parameter");
    }
  }
  std::vector<c10::Argument> renamed = arguments;
  const c10::Argument& receiver = arguments.front();
  c10::optional<c10::AliasInfo> alias;
  if (receiver.alias_info()) alias = *receiver.alias_info();
  renamed.front() = c10::Argument("self", receiver.type(), receiver.N(), receiver.default_value(),
                                  receiver.kwarg_only(), alias);
  function.setSchema(schema.cloneWithArguments(std::move(renamed)));
}

}  // namespace aotc::compile
