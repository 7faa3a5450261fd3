// An output written whole or not at all: data goes to a temporary file beside the target,
// which commit() renames into place. Destroyed uncommitted, it removes the temporary, so a
// failed compile leaves pre-existing outputs untouched and no partial files behind.
#pragma once

#include <string>

namespace aotc::compile {

class OutputFile {
 public:
  // Creates the temporary now, so an unwritable target fails before any work is done.
  explicit OutputFile(std::string targetPath);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& temporaryPath() const { return temporaryPath_; }
  const std::string& targetPath() const { return targetPath_; }
  void write(const std::string& contents);
  void commit();

 private:
  std::string targetPath_;
  std::string temporaryPath_;
  bool committed_ = false;
};

}  // namespace aotc::compile
