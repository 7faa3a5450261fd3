#include "compile/output_file.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace aotc::compile {
namespace {

std::string temporaryNameFor(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  return target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

std::runtime_error fileError(const std::string& what, const std::string& path) {
  return std::runtime_error("cannot " + what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

OutputFile::OutputFile(std::string targetPath)
    : targetPath_(std::move(targetPath)), temporaryPath_(temporaryNameFor(targetPath_)) {
  std::FILE* file = std::fopen(temporaryPath_.c_str(), "wb");
  if (!file) throw fileError("write output", targetPath_);
  std::fclose(file);
}

OutputFile::~OutputFile() {
  if (!committed_) std::remove(temporaryPath_.c_str());
}

void OutputFile::write(const std::string& contents) {
  std::ofstream out(temporaryPath_, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) throw fileError("write output", targetPath_);
}

void OutputFile::commit() {
  if (std::rename(temporaryPath_.c_str(), targetPath_.c_str()) != 0) {
    throw fileError("move output into place at", targetPath_);
  }
  committed_ = true;
}

}  // namespace aotc::compile
