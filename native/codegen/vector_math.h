// Vectorised math through SLEEF (libsleef, which libtorch_cpu already loads): tells the loop
// vectoriser that calls such as llvm.exp.f32 / tanhf have SIMD variants Sleef_expf8_u10 etc.
// No libtorch here.
#pragma once

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/TargetParser/Triple.h>

namespace aotc::codegen {

// Adds the SLEEF variants usable on `triple` with CPU `features` (x86-64 only: SSE2 always,
// AVX2 and AVX-512F widths when the features enable them).
void addSleefVectorMappings(llvm::TargetLibraryInfoImpl& libraryInfo, const llvm::Triple& triple,
                            llvm::StringRef features);

}  // namespace aotc::codegen
