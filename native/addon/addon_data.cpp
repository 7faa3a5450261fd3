#include "addon/addon_data.h"

#include <memory>
#include <stdexcept>

namespace aotc::addon {

void AddonData::create(Napi::Env env) {
  env.SetInstanceData(std::make_unique<AddonData>().release());  // deleted by the environment
}

AddonData& AddonData::of(Napi::Env env) {
  auto* data = env.GetInstanceData<AddonData>();
  if (!data) throw std::logic_error("the addon was not initialised in this environment");
  return *data;
}

}  // namespace aotc::addon
